// A real Qorgau server for benchmarks: the embedded database (or BENCH_MONGODB_URI), a fresh
// database, the real app over HTTP on a loopback port, with templates cached as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { openDatabase } from '../../server/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded.ts';
import { createLogger } from '../../server/logger.ts';

export interface BenchServer {
  url: string;
  db: Connection;
  config: Config;
  close(): Promise<void>;
}

export async function startBenchServer(name: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `qorgau-bench-${name}-`));
  let embedded: EmbeddedDatabase | undefined;
  let uri = process.env.BENCH_MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase(dataDir);
    uri = embedded.uri;
  }
  const db = await openDatabase(uri, `qorgau_bench_${name.replace(/\W/g, '_')}_${Date.now().toString(36)}`);
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
  const app = createApp({ config, db, logger: createLogger('silent') });
  // compiled templates are kept, as Express does in production (NODE_ENV is "test" here)
  app.enable('view cache');
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    config,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
