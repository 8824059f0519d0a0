import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Connection } from 'mongoose';
import { createApp, type Clock, type QorgauApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import { testDatabase } from './database.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestServer {
  /** the URL of the plugin, including its mount path */
  url: string;
  origin: string;
  app: QorgauApp;
  db: Connection;
  config: Config;
  close(): Promise<void>;
}

let shared: Connection | undefined;

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'qorgau-data-')), SESSION_SECRET: 'test-secret-test-secret-test-secret-1234', ...overrides });
}

/** Starts the real app over HTTP on port 0, optionally mounted under a path in a host app. */
export async function startTestServer(options: { mount?: string; config?: Config; clock?: Clock; logger?: Logger } = {}): Promise<TestServer> {
  shared ??= await testDatabase();
  const db = shared;
  const config = options.config ?? testConfig();
  const app = createApp({ config, db, logger: options.logger ?? createLogger('silent'), ...(options.clock ? { clock: options.clock } : {}) });
  let handler: express.Express = app;
  if (options.mount) {
    handler = express();
    handler.get('/', (_req, res) => {
      res.send('host home');
    });
    // a host page long enough to be compressed, if the plugin's compression reached the host
    handler.get('/long', (_req, res) => {
      res.type('html').send('<p>host</p>'.repeat(400));
    });
    handler.use(options.mount, app);
  }
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + (options.mount ?? ''),
    origin,
    app,
    db,
    config,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
