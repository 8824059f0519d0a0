import argon2 from 'argon2';
import { createRequire } from 'node:module';
import pLimit from 'p-limit';
import { defaultPasswordHashes } from '../config.ts';

const require = createRequire(import.meta.url);
const commonPasswords = require('fxa-common-password-list') as { test(password: string): boolean };

// OWASP's argon2id minimum is 19 MiB and 2 iterations; parallelism 1 keeps a login to one core.
const options = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common';

/** Length is counted in characters (code points), so a Kazakh passphrase is never cut short. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  if (commonPasswords.test(password) || commonPasswords.test(password.toLowerCase())) return 'common';
  return undefined;
}

// Hashes take turns, a few at a time (PASSWORD_HASHES, config.ts; the cores less one). A school
// signing in at once otherwise ran one per libuv thread (four) on every core, and everyone else's
// pages waited behind them: at 50 sign-ins at once on two cores the catalogue's p99 went from 13 to
// 605 ms (bench sign-in). Sign-ins wait their turn instead, each still hashed in full.
// (the command line, which builds no app, keeps the default of one process)
const hashing = pLimit(defaultPasswordHashes(1));

/** How many hashes this process computes at once (createApp sets it from the configuration). */
export function limitPasswordHashes(concurrency: number): void {
  hashing.concurrency = concurrency;
}

/** Hashes being computed, and waiting their turn. */
export const passwordHashing = (): { running: number; waiting: number } => ({ running: hashing.activeCount, waiting: hashing.pendingCount });

export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2.hash(password.normalize('NFC'), options));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => argon2.verify(hash, password.normalize('NFC')));
  } catch {
    return false;
  }
}

// Verifying against this hash when the account does not exist keeps a failed login for an unknown
// user as slow as one for a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('qorgau-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, options);
}
