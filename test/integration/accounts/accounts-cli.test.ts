import { expect } from 'chai';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { databaseUri, runDatabaseName } from '../../helpers/database.ts';
import { teacherLines, toCsv } from '../../helpers/import-files.ts';
import { makeIin, signIn } from '../../helpers/users.ts';
import { runEntry, type Run } from '../../helpers/commands.ts';
import { userModel } from '../../../server/accounts/user.model.ts';

const { trusted } = mongoose;


describe('the qorgau create-admin and import-teachers commands', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  const qorgau = (args: string[], input = ''): Promise<Run> => runEntry(args, env, input);

  before(async () => {
    server = await startTestServer();
    const uri = new URL(await databaseUri());
    uri.pathname = `/${runDatabaseName}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-cli-'));
    env = { ...process.env, MONGODB_URI: uri.toString(), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  });
  after(() => server.close());

  it('creates a national admin from a password on stdin, who can then sign in and import', async function () {
    this.timeout(60_000);
    const iin = makeIin();
    const password = 'Әкімшінің ұзын құпиясөзі 2026';
    const run = await qorgau(['create-admin', '--iin', iin, '--email', `chief${iin}@edu.kz`, '--surname', 'Әбенова', '--given-name', 'Айгүл'], `${password}\n`);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('National');
    const stored = await userModel(server.db).findOne({ iin }).lean();
    expect(stored).to.include({ role: 'admin', regionScope: null, region: 'astana' });
    const browser = await signIn(server.url, iin, password);
    expect((await browser.get('/admin/import')).status).to.equal(200);
  });

  it('creates a regional admin, and refuses a bad IIN, a short password or a taken email with exit code 1', async function () {
    this.timeout(60_000);
    const iin = makeIin();
    const ok = await qorgau(['create-admin', '--iin', iin, '--email', `r${iin}@edu.kz`, '--surname', 'Иванова', '--given-name', 'Анна', '--region-scope', 'Павлодар облысы', '--lang', 'ru'], 'Павлодар-құпиясөз-2026');
    expect(ok.code, ok.stderr).to.equal(0);
    expect(await userModel(server.db).findOne({ iin }).lean()).to.include({ role: 'admin', regionScope: 'pavlodar', region: 'pavlodar' });
    const bad = await qorgau(['create-admin', '--iin', `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`, '--email', 'x@edu.kz', '--surname', 'A', '--given-name', 'B'], 'Павлодар-құпиясөз-2026');
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('check digit');
    const short = await qorgau(['create-admin', '--iin', makeIin(), '--email', 'y@edu.kz', '--surname', 'A', '--given-name', 'B'], 'short');
    expect(short.code).to.equal(1);
    expect(short.stderr).to.contain('at least 8');
    const taken = await qorgau(['create-admin', '--iin', makeIin(), '--email', `r${iin}@edu.kz`, '--surname', 'A', '--given-name', 'B'], 'Павлодар-құпиясөз-2026');
    expect(taken.code).to.equal(1);
    expect(taken.stderr).to.contain('email already exists');
  });

  it('checks a file without saving anything, then imports it with --commit and mails set-password links', async function () {
    this.timeout(120_000);
    const lines = teacherLines(6);
    const file = path.join(dataDir, 'мұғалімдер.csv');
    writeFileSync(file, toCsv([...lines, { ...lines[0]!, iin: '１２３４５６７８９０１２', email: 'other@edu.kz' }]));
    const count = () => userModel(server.db).countDocuments({ iin: trusted({ $in: lines.map((l) => l.iin) }) });

    const check = await qorgau(['import-teachers', file]);
    expect(check.code, 'invalid rows and nothing committed').to.equal(1);
    expect(check.stdout).to.contain('Rows: 7; new: 6');
    expect(check.stderr).to.contain('row 8 iin: must be exactly 12 digits');
    expect(await count()).to.equal(0);

    const commit = await qorgau(['import-teachers', file, '--commit', '--lang', 'kk']);
    expect(commit.stdout, commit.stderr).to.contain('құрылғаны 6');
    expect(await count()).to.equal(6);
    expect(readdirSync(path.join(dataDir, 'outbox'))).to.have.length(6);
    // the command writes the new teachers' standings, as the server does: the roster lists them at once
    const ids = (await userModel(server.db).find({ iin: trusted({ $in: lines.map((l) => l.iin) }) }).lean()).map((u) => String(u._id));
    const rows = await server.db.collection<{ _id: string; iin: string }>('standings').find({ _id: trusted({ $in: ids }) }).toArray();
    expect(rows.map((r) => r.iin).sort()).to.deep.equal(lines.map((l) => l.iin).sort());

    writeFileSync(file, toCsv(lines));
    const again = await qorgau(['import-teachers', file, '--commit']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain('unchanged 6');
    expect(await count()).to.equal(6);
  });

  it('refuses an unreadable file with a message and exit code 1', async function () {
    this.timeout(60_000);
    const file = path.join(dataDir, 'photo.csv');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const run = await qorgau(['import-teachers', file]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('neither a CSV nor an XLSX');
  });
});
