import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Connection } from 'mongoose';
import { iinCheckDigit } from '../../server/accounts/iin.ts';
import { hashPassword } from '../../server/accounts/password.ts';
import { userRepository } from '../../server/accounts/user.repository.ts';
import type { UserDoc } from '../../server/accounts/user.model.ts';
import { Browser } from './browser.ts';
import { ConflictError } from '../../server/errors.ts';

let serial = 0;
const issued = new Set<string>();

/** A valid IIN, different on every call within a run (the random parts alone may repeat). */
export function makeIin(): string {
  for (;;) {
    serial += 1;
    const year = 60 + randomInt(0, 40);
    const month = 1 + randomInt(0, 12);
    const day = 1 + randomInt(0, 28);
    const first11 = `${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${randomInt(3, 5)}${String((serial * 7919 + randomInt(0, 1000)) % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check === undefined || issued.has(first11 + check)) continue;
    issued.add(first11 + check);
    return first11 + check;
  }
}

export const PASSWORD = 'Мұғалім-қорғау-2026';

export interface CreatedUser {
  doc: UserDoc;
  iin: string;
  email: string;
  password: string;
}

export async function createUser(db: Connection, overrides: Partial<UserDoc> & { password?: string } = {}): Promise<CreatedUser> {
  // the run's database is shared by every test: an IIN made here may already belong to another
  // test's data (demo teachers, an import), so a made one that is taken is made again
  for (let tries = 0; overrides.iin === undefined; tries += 1) {
    try {
      return await createUserWith(db, { ...overrides, iin: makeIin() });
    } catch (err) {
      if (tries >= 5 || !(err instanceof ConflictError) || err.message !== 'accounts.duplicate.iin') throw err;
    }
  }
  return createUserWith(db, overrides);
}

async function createUserWith(db: Connection, overrides: Partial<UserDoc> & { password?: string }): Promise<CreatedUser> {
  const iin = overrides.iin!;
  const email = overrides.email ?? `user${iin}@example.kz`;
  const password = overrides.password ?? PASSWORD;
  const doc = await userRepository(db).create({
    iin,
    email,
    surname: overrides.surname ?? 'Сәрсенбаева',
    givenName: overrides.givenName ?? 'Әйгерім',
    patronymic: overrides.patronymic ?? '',
    region: overrides.region ?? 'almaty',
    district: overrides.district ?? '',
    school: overrides.school ?? '№ 15',
    position: overrides.position ?? '',
    role: overrides.role ?? 'teacher',
    regionScope: overrides.regionScope ?? null,
    lang: overrides.lang ?? 'kk',
    passwordHash: await hashPassword(password),
  });
  if (overrides.status) await userRepository(db).update(doc._id, { status: overrides.status });
  return { doc, iin, email, password };
}

/** Signs in through the real login form and returns the browser holding the session. */
export async function signIn(url: string, login: string, password: string): Promise<Browser> {
  const browser = new Browser(url);
  const form = await browser.get('/login');
  const page = await browser.post('/login', { _csrf: Browser.csrf(form), login, password });
  if (page.status !== 303) throw new Error(`login failed with ${page.status}: ${page.$('[role=alert]').text()}`);
  return browser;
}

/** How many mails to an address the outbox holds (0 when there is no outbox yet). */
export function mailCount(dataDir: string, to: string): number {
  const dir = path.join(dataDir, 'outbox');
  if (!existsSync(dir)) return 0;
  // the address is in the file's headers; files are small
  return readdirSync(dir).filter((f) => f.endsWith('.eml') && readFileSync(path.join(dir, f), 'utf8').includes(`To: ${to}`)).length;
}

/** Waits for a mail to an address beyond the `before` already there (mail goes out after the response). */
export async function nextMail(dataDir: string, to: string, before: number): Promise<{ subject: string; text: string; link: string | undefined }> {
  for (let i = 0; i < 200 && mailCount(dataDir, to) <= before; i++) await new Promise((r) => setTimeout(r, 25));
  return lastMail(dataDir, to);
}

/** The newest mail to an address in a data folder's outbox, decoded, and the first link in it. */
export async function lastMail(dataDir: string, to?: string): Promise<{ subject: string; text: string; link: string | undefined }> {
  const dir = path.join(dataDir, 'outbox');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse()) {
    const mail = await simpleParser(readFileSync(path.join(dir, file)));
    const address = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
    if (!to || address === to) {
      const text = mail.text ?? '';
      return { subject: mail.subject ?? '', text, link: text.match(/https?:\/\/\S+/)?.[0] };
    }
  }
  throw new Error(`no mail${to ? ` to ${to}` : ''}`);
}
