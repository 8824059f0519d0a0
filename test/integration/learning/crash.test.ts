// "An answer that the server acknowledged survives a crash": the database process is killed with
// SIGKILL right after a save was acknowledged, started again on the same files, and the teacher
// finds the answer there. The app answers 303 only after the database acknowledged the insert, so
// losing the app process too would change nothing.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { createApp, type QorgauApp } from '../../../server/app.ts';
import { openDatabase } from '../../../server/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/db/embedded.ts';
import { createLogger } from '../../../server/logger.ts';
import { testConfig } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { answerFields, enrolAndReadModuleOne, learningCourseId, MovableClock, publishLearningCourse, startAttempt, storedAttempt } from '../../helpers/learning.ts';

interface Running {
  embedded: EmbeddedDatabase;
  db: Connection;
  app: QorgauApp;
  server: Server;
  url: string;
}

describe('an acknowledged answer and a database crash', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-crash-'));
  const config = testConfig({ DATA_DIR: dataDir });
  const clock = new MovableClock();
  const running: Running[] = [];

  async function start(): Promise<Running> {
    const embedded = await startEmbeddedDatabase(dataDir);
    const db = await openDatabase(embedded.uri, 'qorgau_crash');
    const app = createApp({ config, db, logger: createLogger('silent'), clock });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const r = { embedded, db, app, server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
    running.push(r);
    return r;
  }

  async function stopApp(r: Running): Promise<void> {
    r.app.close();
    r.server.closeAllConnections();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
    await r.db.close(true).catch(() => undefined);
  }

  before(function () {
    if (process.env.TEST_MONGODB_URI) this.skip(); // the database is not ours to kill
  });
  after(async () => {
    for (const r of running) {
      await stopApp(r).catch(() => undefined);
      await r.embedded.stop();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is there after the database process is killed with SIGKILL and started on the same files', async () => {
    const first = await start();
    const courseId = learningCourseId('crash');
    await publishLearningCourse(first.db, courseId);
    const user = await createUser(first.db);
    const browser = await signIn(first.url, user.iin, user.password);
    await enrolAndReadModuleOne(browser, courseId, clock);
    const id = await startAttempt(browser, courseId);
    const q = (await storedAttempt(first.db, id)).questions[0]!;
    const page = await browser.get(`/learn/attempts/${id}/questions/1`);
    const saved = await browser.post(`/learn/attempts/${id}/answers`, { _csrf: Browser.csrf(page), seq: '0', q: q.id, ...answerFields(q) });
    expect(saved.status).to.equal(303);

    // no shutdown of any kind: the database process dies at once
    const pid = first.embedded.pid!;
    process.kill(pid, 'SIGKILL');
    await first.embedded.stop();
    await stopApp(first);

    const second = await start();
    expect(second.embedded.pid).not.to.equal(pid);
    const stored = await storedAttempt(second.db, id);
    expect(stored.seq).to.equal(1);
    expect(stored.answers).to.have.property(q.id);

    // the session was stored too: the same browser goes on where it was
    const again = new Browser(second.url);
    for (const [name, value] of browser.cookies) again.cookies.set(name, value);
    const back = await again.get(`/learn/attempts/${id}/questions/1`);
    expect(back.status).to.equal(200);
    expect(back.$('input[name=seq]').val()).to.equal('1');
    expect(back.$('input:checked, option[selected]').length).to.be.greaterThan(0);
  });
});
