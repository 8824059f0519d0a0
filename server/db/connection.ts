import mongoose, { type Connection } from 'mongoose';
import { registerModels } from './models.ts';

// Mongoose refuses unknown query fields and strips query operators hidden in user input
// (`{ $ne: null }`), on top of the AJV checks at the HTTP edge.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);

export async function openDatabase(uri: string, dbName?: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    autoIndex: false,
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 50,
  });
  await conn.asPromise();
  registerModels(conn);
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
