// The stored sessions of signed-in users: accounts ends them (a disable, a password change or a
// reset) and sweeps the expired ones. The session middleware (http/session.ts) stores them here.
import type { Connection } from 'mongoose';
import { stamps, userStamp } from '../db/stamps.ts';

export const SESSIONS_COLLECTION = 'sessions';

/** Deletes expired sessions; run on an interval because FerretDB 1.x cannot expire them by index. */
export async function sweepExpiredSessions(db: Connection, now = new Date()): Promise<number> {
  const result = await db.collection(SESSIONS_COLLECTION).deleteMany({ expires: { $lt: now } });
  return result.deletedCount;
}

/**
 * Ends every session of one user (after disabling them, or a password change elsewhere). Servers
 * remember a signed-in session under its user's stamp (http/session.ts): the stamp changes once the
 * sessions are gone, so no server serves one of them again.
 */
export async function endSessionsOf(db: Connection, userId: string, exceptSessionId?: string): Promise<number> {
  const filter: Record<string, unknown> = { 'session.passport.user': userId };
  if (exceptSessionId) filter._id = { $ne: exceptSessionId };
  const result = await db.collection(SESSIONS_COLLECTION).deleteMany(filter);
  await stamps(db).change(userStamp(userId));
  return result.deletedCount;
}
