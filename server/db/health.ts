// Whether the database answers, as the driver last saw it. The driver checks the server every
// second (connection.ts heartbeatFrequencyMS), so a dead database is known within about a second
// and requests are refused at once (http/database-gate.ts) instead of each waiting out server
// selection. With MONGODB_URI the driver reconnects by itself; the embedded database is restarted
// by its supervisor (embedded.ts); either way the next successful heartbeat opens the gate again.
import type { Connection } from 'mongoose';

export interface DatabaseHealth {
  up(): boolean;
}

const NETWORK_ERRORS = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongooseServerSelectionError']);

/** True for an error that says the database could not be reached, not that a request was wrong. */
export function isDatabaseUnreachable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && NETWORK_ERRORS.has((err as { name?: string }).name ?? '');
}

export function databaseHealth(db: Connection): DatabaseHealth {
  let up = true;
  const client = db.getClient();
  client.on('serverHeartbeatFailed', () => {
    up = false;
  });
  client.on('serverHeartbeatSucceeded', () => {
    up = true;
  });
  db.on('disconnected', () => {
    up = false;
  });
  db.on('reconnected', () => {
    up = true;
  });
  return { up: () => up };
}
