import type { Connection } from 'mongoose';

/**
 * How a feature hands its Mongoose models to the database layer: a function that registers them
 * on a connection. Each feature lists its own (accounts/accounts.model.ts, courses/courses.model.ts,
 * learning/learning.model.ts) and server/database.ts passes the list to `openDatabase`, which
 * registers them and builds their indexes before the app serves requests; `db/` imports no feature.
 */
export type ModelRegistration = (conn: Connection) => void;

export function registerModels(conn: Connection, registrations: readonly ModelRegistration[]): void {
  for (const register of registrations) register(conn);
}
