// The accounts feature's storage, built once by accounts.ts and passed to its services, the sign-in
// strategy, the import and the directory. A service built on its own (a CLI command, a test) builds
// the same set from the connection.
import type { Connection } from 'mongoose';
import { loginKeys } from './login-keys.ts';
import { signInRecords } from './sign-in-record.ts';
import { tokenRepository } from './token.repository.ts';
import { userRepository } from './user.repository.ts';

export function accountsRepositories(db: Connection) {
  const keys = loginKeys(db);
  return {
    users: userRepository(db, keys),
    tokens: tokenRepository(db),
    keys,
    signIns: signInRecords(db),
  };
}

export type AccountsRepositories = ReturnType<typeof accountsRepositories>;
