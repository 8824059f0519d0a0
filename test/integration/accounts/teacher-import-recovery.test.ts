import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import { testDatabase } from '../../helpers/database.ts';
import { testConfig } from '../../helpers/app.ts';
import { teacherLines, toCsv } from '../../helpers/import-files.ts';
import { authService } from '../../../server/accounts/auth.service.ts';
import { importBatchModel, importClaimModel } from '../../../server/accounts/import/import-batch.model.ts';
import { teacherImportService, type TeacherImportService } from '../../../server/accounts/import/teacher-import.service.ts';
import { importBatchRepository } from '../../../server/accounts/import/import-batch.repository.ts';
import { teacherImportRepository } from '../../../server/accounts/import/teacher-import.repository.ts';
import { userModel } from '../../../server/accounts/user.model.ts';
import { createLogger } from '../../../server/logger.ts';
import { createMailer } from '../../../server/mail/mailer.ts';

const { trusted } = mongoose;
const actor = { id: null, regionScope: null };

describe('a teacher import after a crash', () => {
  let db: Connection;
  let outbox: string;
  let imports: TeacherImportService;
  before(async () => {
    db = await testDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-import-'));
    outbox = path.join(dataDir, 'outbox');
    const logger = createLogger('silent');
    const clock = { now: () => new Date() };
    const auth = authService({ db, mailer: createMailer({ dataDir, smtpUrl: undefined, mailFrom: 'Qorgau <no-reply@localhost>' }, logger), clock, logger, baseUrl: 'http://localhost', secret: testConfig().sessionSecret });
    imports = teacherImportService({ db, auth, clock, logger });
  });

  const mails = () => {
    try {
      return readdirSync(outbox).length;
    } catch {
      return 0;
    }
  };

  it('sends the set-password mail a stopped process left unsent, once, even with two senders', async () => {
    const lines = teacherLines(120);
    const checked = await imports.check(actor, { buffer: Buffer.from(toCsv(lines)), name: 'a.csv' }, 'cli');
    await imports.commit(actor, checked.id);
    // the process stopped after the first 70 messages: the batch says so, its lease is long gone
    await importBatchModel(db).updateOne({ _id: checked.id }, { $set: { 'mail.chunk': 0, 'mail.offset': 70, 'mail.sent': 70 } });
    const before = mails();
    await Promise.all([imports.maintain(), imports.maintain(), imports.deliverMail(checked.id)]);
    expect(mails() - before).to.equal(50);
    const batch = await imports.get(actor, checked.id);
    expect(batch.mail).to.include({ state: 'done', sent: 120, failed: 0 });
    await imports.maintain();
    expect(mails() - before, 'nothing is sent twice').to.equal(50);
  });

  it('runs a commit again that died half way, creating nobody twice', async () => {
    const lines = teacherLines(30);
    const checked = await imports.check(actor, { buffer: Buffer.from(toCsv(lines)), name: 'b.csv' }, 'cli');
    // as if a commit had created the first ten teachers 20 minutes ago and died, leaving its claim
    const batch = await imports.get(actor, checked.id);
    const rows = await importBatchRepository(db).rows(batch);
    await teacherImportRepository(db).insertTeachers(rows.slice(0, 10), new Date());
    const long = new Date(Date.now() - 20 * 60 * 1000);
    await importBatchModel(db).updateOne({ _id: checked.id }, { $set: { status: 'committing', commitStartedAt: long } });
    await importClaimModel(db).collection.insertOne({ _id: `${String(checked.id)}:commit` as never, at: long });
    const result = await imports.commit(actor, checked.id);
    expect(result).to.include({ created: 20, unchanged: 10, failed: 0 });
    expect(await userModel(db).countDocuments({ iin: trusted({ $in: lines.map((l) => l.iin) }) })).to.equal(30);
    const again = await imports.commit(actor, checked.id).catch((err: unknown) => err);
    expect(again).to.include({ messageKey: 'import.errors.alreadyCommitted' });
  });

  it('refuses a second commit while the first still holds its claim', async () => {
    const lines = teacherLines(5);
    const checked = await imports.check(actor, { buffer: Buffer.from(toCsv(lines)), name: 'c.csv' }, 'cli');
    await importClaimModel(db).collection.insertOne({ _id: `${String(checked.id)}:commit` as never, at: new Date() });
    const refused = await imports.commit(actor, checked.id).catch((err: unknown) => err);
    expect(refused).to.include({ messageKey: 'import.errors.alreadyCommitted', status: 409 });
    expect(await userModel(db).countDocuments({ iin: trusted({ $in: lines.map((l) => l.iin) }) })).to.equal(0);
  });
});
