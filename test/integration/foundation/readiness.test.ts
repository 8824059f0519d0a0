import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import { createApp } from '../../../server/app.ts';
import { openDatabase } from '../../../server/database.ts';
import { startEmbeddedDatabase } from '../../../server/db/embedded.ts';
import { createLogger } from '../../../server/logger.ts';
import { testConfig } from '../../helpers/app.ts';

describe('GET /readyz', () => {
  it('answers 200 while its own database is up and 503 once that database is stopped', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-ready-'));
    const database = await startEmbeddedDatabase(dir);
    const db = await openDatabase(database.uri, 'readiness');
    const app = createApp({ config: testConfig(), db, logger: createLogger('silent') });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
      await database.stop();
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).to.equal(503);
      expect(await down.json()).to.deep.equal({ status: 'unavailable', database: 'down' });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);
    } finally {
      app.close();
      server.closeAllConnections();
      server.close();
      await db.close(true).catch(() => undefined);
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
