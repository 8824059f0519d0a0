// One embedded MongoDB-compatible server per test run (FerretDB, or mongod when on PATH), or the
// server in TEST_MONGODB_URI; each run gets a fresh database that is dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { openDatabase } from '../../server/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded.ts';

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
let uri: string | undefined;
const connections: Connection[] = [];
export const runDatabaseName = `qorgau_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

export async function databaseUri(): Promise<string> {
  if (uri) return uri;
  if (process.env.TEST_MONGODB_URI) {
    uri = process.env.TEST_MONGODB_URI;
    return uri;
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-test-'));
  embedded = await startEmbeddedDatabase(dataDir);
  uri = embedded.uri;
  return uri;
}

/** A connection to this run's fresh database, with every model's indexes built. */
export async function testDatabase(): Promise<Connection> {
  const conn = await openDatabase(await databaseUri(), runDatabaseName);
  connections.push(conn);
  return conn;
}

export function embeddedDatabase(): EmbeddedDatabase | undefined {
  return embedded;
}

export async function closeTestDatabase(): Promise<void> {
  const first = connections[0];
  if (first?.db && first.readyState === 1) await first.db.dropDatabase().catch(() => undefined);
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * A database of the caller's own on this run's server, for a test that must start from empty
 * collections (no marker or content left by other tests); `drop` removes it.
 */
export async function ownDatabase(prefix: string): Promise<{ db: Connection; drop(): Promise<void> }> {
  const db = await openDatabase(await databaseUri(), `${prefix}_${randomBytes(4).toString('hex')}`);
  return {
    db,
    async drop() {
      await db.dropDatabase();
      await db.close();
    },
  };
}
