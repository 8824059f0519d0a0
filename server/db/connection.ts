import mongoose, { type Connection, type Types } from 'mongoose';
import { MongoNetworkError, MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { registerModels, type ModelRegistration } from './models.ts';

// Mongoose refuses unknown query fields and strips query operators hidden in user input
// (`{ $ne: null }`), on top of the AJV checks at the HTTP edge.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);
// Mongoose otherwise captures `new Error().stack` on every query, only to report a query run twice;
// with source maps on (tsx) that was 2 % of a page's CPU (docs/performance.md).
mongoose.set('skipOriginalStackTraces', true);

export interface DatabaseOptions {
  /** lets a test count the database round trips a request makes (test/integration/performance) */
  monitorCommands?: boolean;
  /** the features' models (server/database.ts passes them all), registered with their indexes built */
  models?: readonly ModelRegistration[];
}

export async function openDatabase(uri: string, dbName?: string, options: DatabaseOptions = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    ...(options.monitorCommands ? { monitorCommands: true } : {}),
    autoIndex: false,
    autoCreate: false,
    // An operation before the connection is open fails at once instead of waiting in a queue
    // (openDatabase resolves only once connected), and no query pays for the buffering check.
    bufferCommands: false,
    // A dead database is noticed within a second and a request waits at most two for a server
    // (db/health.ts answers 503 meanwhile): no request hangs while the database restarts.
    serverSelectionTimeoutMS: 2_000,
    heartbeatFrequencyMS: 1_000,
    // Requests read by _id in a few sequential round trips; more sockets than that only add
    // connections the database serves in turn (bench -- pages, docs/performance.md).
    maxPoolSize: 20,
    // Strings stored by this app are valid UTF-8; checking every one again on each read cost CPU.
    enableUtf8Validation: false,
  });
  await conn.asPromise();
  registerModels(conn, options.models ?? []);
  // Indexes are declared with the models and built here, once, before the app serves requests:
  // the unique ones are what make single-document writes safe without transactions.
  for (const model of Object.values(conn.models)) await model.createIndexes();
  return conn;
}

/** Answers whether the database responds within the timeout. */
export async function pingDatabase(conn: Connection, timeoutMs = 1_000): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      conn.db.admin().ping().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A collection of `db` straight through the driver, for the reads on every page (by `_id`, where
 * Mongoose's query building cost more than the read, docs/performance.md). The handle is built on
 * first use and kept: the driver builds a new `Db` and `Collection` object on every call otherwise.
 */
export function driverCollection<T extends Document>(db: Connection, name: string): () => Collection<T> {
  let handle: Collection<T> | undefined;
  return () => (handle ??= db.getClient().db(db.name).collection<T>(name));
}

/** Server error codes of a read that may succeed when sent again (the retryable reads spec's list). */
const RETRYABLE_READ_CODES = new Set([6, 7, 89, 91, 134, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
const retryable = (err: unknown): boolean => err instanceof MongoNetworkError || (err instanceof MongoServerError && typeof err.code === 'number' && RETRYABLE_READ_CODES.has(err.code));

/**
 * One document of `name` by `_id`, read with the `find` command itself: the driver's `findOne`
 * builds, runs and closes a cursor around the same command, which cost a quarter of the read's CPU
 * (`npm run bench -- read-by-id`). The filter is `{_id}` alone, the only one FerretDB reads by key;
 * an id that is neither a string nor an ObjectId (an operator object) is refused, as Mongoose's
 * casting would. The driver retries a `find` once after a network error or a failover; it does not
 * retry a command, so this does.
 */
export function documentById<T extends Document>(db: Connection, name: string): (id: string | Types.ObjectId, projection?: Document) => Promise<T | null> {
  let handle: Db | undefined;
  const read = async (id: string | Types.ObjectId, projection?: Document): Promise<T | null> => {
    handle ??= db.getClient().db(db.name);
    const reply = (await handle.command({ find: name, filter: { _id: id }, ...(projection ? { projection } : {}), limit: 1, singleBatch: true })) as { cursor: { firstBatch: T[] } };
    return reply.cursor.firstBatch[0] ?? null;
  };
  return (id, projection) => {
    if (typeof id !== 'string' && !(id instanceof mongoose.Types.ObjectId)) return Promise.reject(new TypeError(`a read of ${name} by an _id that is not an id`));
    return read(id, projection).catch((err: unknown) => (retryable(err) ? read(id, projection) : Promise.reject(err)));
  };
}
