// The stored sessions of signed-in users: accounts ends them (a disable, a password change or a
// reset) and sweeps the expired ones. The session middleware (http/session.ts) stores them here.
import type { Connection } from 'mongoose';

export const SESSIONS_COLLECTION = 'sessions';

/** Deletes expired sessions; run on an interval because FerretDB 1.x cannot expire them by index. */
export async function sweepExpiredSessions(db: Connection, now = new Date()): Promise<number> {
  const result = await db.collection(SESSIONS_COLLECTION).deleteMany({ expires: { $lt: now } });
  return result.deletedCount;
}

/** Ends every session of one user (after disabling them, or a password change elsewhere). */
export async function endSessionsOf(db: Connection, userId: string, exceptSessionId?: string): Promise<number> {
  const filter: Record<string, unknown> = { 'session.passport.user': userId };
  if (exceptSessionId) filter._id = { $ne: exceptSessionId };
  const result = await db.collection(SESSIONS_COLLECTION).deleteMany(filter);
  return result.deletedCount;
}
