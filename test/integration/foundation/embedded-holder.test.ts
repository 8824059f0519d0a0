// One embedded database per DATA_DIR: a command run beside the server connects to the server's
// database instead of starting a second FerretDB on the same files, which did not see the
// collections the first created (the server's writes then failed until it restarted); a second
// server on the same DATA_DIR is refused with a message.
import { expect } from 'chai';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../server/database.ts';
import { openEmbedded } from '../../../server/db/embedded-holder.ts';
import { makeIin } from '../../helpers/users.ts';
import { runEntry } from '../../helpers/commands.ts';

describe('the embedded database of a DATA_DIR', function () {
  this.timeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-holder-'));
  const { MONGODB_URI: _unset, TEST_MONGODB_URI: _alsoUnset, ...rest } = process.env;
  const env = { ...rest, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  before(() => chmodSync(dataDir, 0o755));

  it('is shared with a command run meanwhile, whose new collections the server then reads and writes', async () => {
    const database = await openEmbedded(dataDir, 'server');
    const db = await openDatabase(database.uri, 'qorgau');
    try {
      // the server has read its catalogue of collections before the command runs
      await db.collection('before').insertOne({ at: new Date() });
      expect(await db.collection('users').countDocuments({})).to.equal(0);
      const iin = makeIin();
      const made = await runEntry(['create-admin', '--iin', iin, '--email', `h${iin}@edu.kz`, '--surname', 'Әбенова', '--given-name', 'Айгүл'], env, 'Әкімшінің ұзын құпиясөзі 2026\n');
      expect(made.code, made.stderr).to.equal(0);
      // the users collection was made by the command: this server's database knows it
      expect(await db.collection('users').findOne({ iin })).to.include({ role: 'admin' });
      await db.collection('users').insertOne({ iin: 'written-after' });
      expect(await db.collection('users').countDocuments({})).to.equal(2);
      expect(existsSync(path.join(dataDir, 'embedded-database.json')), 'the command leaves the server\'s database running').to.equal(true);
      // personal data and secrets inside: the folder is its owner's alone, whatever the files' modes
      expect(statSync(dataDir).mode & 0o777).to.equal(0o700);

      const second = await runEntry([], { ...env, PORT: '0' }, '', 'server/main.ts');
      expect(second.code).to.equal(69);
      expect(second.stderr).to.contain('in use by a running Qorgau server');
    } finally {
      await db.close();
      await database.stop();
    }
    expect(existsSync(path.join(dataDir, 'embedded-database.json'))).to.equal(false);
  });
});
