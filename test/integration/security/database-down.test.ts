// Security L10: while the database is down, a page that needs it is answered at once with a
// translated 503, not after the driver's timeouts; the embedded database's supervisor restarts it.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { createApp, type QorgauApp } from '../../../server/app.ts';
import { openDatabase } from '../../../server/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/db/embedded.ts';
import { createLogger } from '../../../server/logger.ts';
import { testConfig } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import type { Browser } from '../../helpers/browser.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a database that dies under the app', function () {
  this.timeout(120_000);
  let embedded: EmbeddedDatabase | undefined;
  let db: Connection | undefined;
  let app: QorgauApp | undefined;
  let server: Server | undefined;

  before(function () {
    if (process.env.TEST_MONGODB_URI) this.skip(); // the database is not ours to kill
  });
  after(async () => {
    app?.close();
    server?.closeAllConnections();
    server?.close();
    await db?.close(true).catch(() => undefined);
    await embedded?.stop();
  });

  it('answers 503 in the page language while it is down', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-down-'));
    embedded = await startEmbeddedDatabase(dataDir);
    db = await openDatabase(embedded.uri, 'qorgau_down');
    app = createApp({ config: testConfig({ DATA_DIR: dataDir }), db, logger: createLogger('silent') });
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const user = await createUser(db);
    const browser = await signIn(url, user.iin, user.password);
    expect((await browser.get('/learn')).status).to.equal(200);

    process.kill(embedded.pid!, 'SIGKILL');
    // a kept-alive socket may be closed under a request while the app drops its pool: ask again
    const ask = () => browser.get('/learn?lang=ru').catch(() => ({ status: 0 }) as Awaited<ReturnType<Browser['get']>>);
    let page = await ask();
    for (let i = 0; i < 50 && page.status !== 503; i++) {
      await pause(200);
      page = await ask();
    }
    expect(page.status).to.equal(503);
    expect(page.headers.get('retry-after')).to.match(/^\d+$/);
    expect(page.$('h1').text()).to.contain('Сервис временно недоступен');
    expect((await fetch(`${url}/readyz`)).status).to.equal(503);
  });

  it('is started again by its supervisor, on the same port, when it runs standalone', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-restart-'));
    const kept = await startEmbeddedDatabase(dataDir, undefined, { restart: true });
    try {
      const first = kept.pid!;
      const conn = await openDatabase(kept.uri, 'qorgau_restart');
      await conn.collection('probe').insertOne({ _id: 'before' } as never);
      process.kill(first, 'SIGKILL');
      let found: unknown = null;
      for (let i = 0; i < 100 && !found; i++) {
        await pause(200);
        found = await conn.collection('probe').findOne({ _id: 'before' } as never).catch(() => null);
      }
      expect(kept.pid).not.to.equal(first);
      expect(found, 'the same data, served again').to.deep.equal({ _id: 'before' });
      await conn.close(true);
    } finally {
      await kept.stop();
    }
  });
});
