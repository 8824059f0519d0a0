// Creating an administrator from the command line (the first one cannot come from the web): the
// same checks as registration, then a national admin, or one scoped to a region.
import type { Connection } from 'mongoose';
import { ConflictError, ValidationError } from '../errors.ts';
import { check } from '../http/validate.ts';
import { assertIin, assertPassword } from './auth.service.ts';
import { hashPassword } from './password.ts';
import { findRegion } from './regions.ts';
import { userRepository } from './user.repository.ts';
import type { UserDoc } from './user.model.ts';
import { validateRegister } from './user.schema.ts';

export interface CreateAdminInput {
  iin: string;
  email: string;
  surname: string;
  givenName: string;
  patronymic?: string;
  /** where the admin works; defaults to the scope's region, and for a national admin to Astana */
  region?: string;
  /** a region code or name, or undefined for a national admin */
  regionScope?: string;
  lang?: 'kk' | 'ru' | 'en';
  password: string;
}

function regionCode(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const region = findRegion(value);
  if (!region) throw new ValidationError('errors.invalidInput', [{ field, message: 'accounts.validation.region' }]);
  return region.code;
}

export async function createAdmin(db: Connection, input: CreateAdminInput): Promise<UserDoc> {
  const scope = regionCode(input.regionScope, 'regionScope') ?? null;
  // a national admin works for the ministry, which sits in the capital
  const region = regionCode(input.region, 'region') ?? scope ?? 'astana';
  const form = check(validateRegister, {
    iin: input.iin,
    email: input.email.trim().toLowerCase(),
    surname: input.surname.normalize('NFC').trim(),
    givenName: input.givenName.normalize('NFC').trim(),
    patronymic: (input.patronymic ?? '').normalize('NFC').trim(),
    region,
    lang: input.lang ?? 'kk',
    password: input.password,
    passwordConfirm: input.password,
    // the consent box belongs to self-registration; an admin is created by the ministry's operator
    consent: 'yes',
  });
  assertIin(form.iin);
  assertPassword(form.password, form.passwordConfirm);
  const users = userRepository(db);
  // FerretDB's duplicate-key error does not name the index, so say which one is taken before trying
  for (const [field, taken] of [
    ['iin', await users.findByLogin(form.iin)],
    ['email', await users.findByEmail(form.email)],
  ] as const) {
    if (taken) throw new ConflictError(`accounts.duplicate.${field}`, [{ field, message: `accounts.duplicate.${field}` }]);
  }
  return users.create({
    iin: form.iin,
    email: form.email,
    surname: form.surname,
    givenName: form.givenName,
    patronymic: form.patronymic ?? '',
    region,
    district: '',
    school: '',
    position: '',
    role: 'admin',
    regionScope: scope,
    lang: form.lang ?? 'kk',
    passwordHash: await hashPassword(form.password),
  });
}
