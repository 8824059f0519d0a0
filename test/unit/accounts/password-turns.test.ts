// Password hashes take turns (server/accounts/password.ts): a crowd signing in at once runs only
// PASSWORD_HASHES argon2id hashes at a time, and every one of them is still checked in full.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../server/config.ts';
import { hashPassword, limitPasswordHashes, passwordHashing, verifyPassword } from '../../../server/accounts/password.ts';

const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'qorgau-hashes-')), ...env });

describe('password hashes take turns', () => {
  after(() => limitPasswordHashes(config().passwordHashes));

  it('runs as many at once as allowed; the others wait and are verified in their turn', async () => {
    const hash = await hashPassword('Мұғалім-қорғау-2026');
    limitPasswordHashes(2);
    const checks = ['Мұғалім-қорғау-2026', 'wrong', 'Мұғалім-қорғау-2026', 'Мұғалім-Қорғау-2026', 'Мұғалім-қорғау-2026'].map((p) => verifyPassword(hash, p));
    await Promise.resolve();
    expect(passwordHashing()).to.deep.equal({ running: 2, waiting: 3 });
    expect(await Promise.all(checks)).to.deep.equal([true, false, true, false, true]);
    expect(passwordHashing()).to.deep.equal({ running: 0, waiting: 0 });
  });

  it('defaults to the cores less one, shared among the processes, and takes PASSWORD_HASHES', () => {
    const cores = availableParallelism();
    expect(config().passwordHashes).to.equal(Math.max(1, cores - 1));
    expect(config({ WEB_CONCURRENCY: String(cores) }).passwordHashes).to.equal(1);
    expect(config({ PASSWORD_HASHES: '3' }).passwordHashes).to.equal(3);
    expect(() => config({ PASSWORD_HASHES: '0' })).to.throw(/PASSWORD_HASHES/);
  });
});
