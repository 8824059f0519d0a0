// A site for a bench that runs the app as production does: the embedded database in a folder of
// its own, one database in it, the environment the app's child process is given, and one close
// that stops the children, the database and removes the folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { openDatabase } from '../../server/database.ts';
import { startEmbeddedDatabase } from '../../server/db/embedded.ts';
import type { ChildServer } from './processes.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-00';

export interface BenchSite {
  dataDir: string;
  uri: string;
  db: Connection;
  /** the app's environment: production, one process, logs at info to a file */
  env: Record<string, string>;
  logFile: string;
  /** child servers stopped by close, in order */
  children: ChildServer[];
  close(): Promise<void>;
}

export async function benchSite(name: string): Promise<BenchSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `qorgau-bench-${name}-`));
  const embedded = await startEmbeddedDatabase(dataDir);
  const url = new URL(embedded.uri);
  url.pathname = `/qorgau_bench_${name}`;
  const uri = url.toString();
  const db = await openDatabase(uri);
  const children: ChildServer[] = [];
  return {
    dataDir,
    uri,
    db,
    env: { NODE_ENV: 'production', SESSION_SECRET: SECRET, MONGODB_URI: uri, DATA_DIR: dataDir, LOG_LEVEL: 'info', WEB_CONCURRENCY: '1' },
    logFile: path.join(dataDir, 'app.log'),
    children,
    async close() {
      for (const child of children) await child.stop();
      await db.close();
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
