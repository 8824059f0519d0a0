// DATA_DIR holds personal data (the embedded database's files: IINs, password hashes, sessions) and
// secrets (the mail outbox's set-password links, the session secret, the signing key). The files
// inside are written by several programs (FerretDB, the mailer) with the process's umask, so the
// folder itself is kept to its owner: nobody else on the machine can read what is inside.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import type { Logger } from './logger.ts';

export function keepDataDirPrivate(dataDir: string, logger?: Logger): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  } catch (err) {
    // a folder owned by someone else (a mounted volume): its owner decides
    logger?.warn({ err, dataDir }, 'DATA_DIR could not be made private to this user');
  }
}
