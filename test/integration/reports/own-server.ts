// The real app over HTTP on its own database, for standards and reports tests whose counts must not
// meet other tests' teachers.
import { createServer } from 'node:http';
import type { Connection } from 'mongoose';
import { createApp, type Clock, type QorgauApp } from '../../../server/app.ts';
import { createLogger } from '../../../server/logger.ts';
import { testConfig } from '../../helpers/app.ts';
import { ownDatabase } from '../../helpers/database.ts';

export interface OwnServer {
  url: string;
  app: QorgauApp;
  db: Connection;
  close(): Promise<void>;
}

export async function startOwnServer(prefix: string, clock?: Clock): Promise<OwnServer> {
  const own = await ownDatabase(prefix);
  const app = createApp({ config: testConfig(), db: own.db, logger: createLogger('silent'), ...(clock ? { clock } : {}) });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db: own.db,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await own.drop();
    },
  };
}

/** Posts a file as multipart/form-data with the page's CSRF token, keeping the browser's cookies. */
export async function postFile(url: string, cookies: Map<string, string>, csrf: string, name: string, content: string): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('file', new Blob([content], { type: 'application/yaml' }), name);
  const res = await fetch(url, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  return { status: res.status, text: await res.text() };
}
