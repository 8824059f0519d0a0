// Forms of the admin's user page beyond role and status: name and email, and an empty action form.
import { compile } from '../http/validate.ts';
import { registerSchema } from './user.schema.ts';

const p = registerSchema.properties;

export const adminDetailsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['surname', 'givenName', 'email'],
  properties: { _csrf: p._csrf, surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, email: p.email },
} as const;

export interface AdminDetailsInput {
  surname: string;
  givenName: string;
  patronymic?: string;
  email: string;
}

export const adminCreateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['iin', 'email', 'surname', 'givenName', 'region'],
  properties: { _csrf: p._csrf, iin: p.iin, email: p.email, surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, region: p.region, school: p.school, position: p.position, lang: p.lang },
} as const;

export interface AdminCreateInput extends AdminDetailsInput {
  iin: string;
  region: string;
  school?: string;
  position?: string;
  lang?: 'kk' | 'ru' | 'en';
}

export const validateAdminCreate = compile<AdminCreateInput>(adminCreateSchema);
export const validateAdminDetails = compile<AdminDetailsInput>(adminDetailsSchema);
export const validateAdminAction = compile<Record<string, never>>({ type: 'object', additionalProperties: false, properties: { _csrf: p._csrf } });
