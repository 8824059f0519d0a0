// The last sign-in of each user, for the admin's user list: one document per user under the user's
// id (read by _id, written by a replace). It is recorded on the first request a new session makes,
// from the session's start time, so sign-in itself (auth.service, passport) is untouched.
//
// A page of the list shows 25 of them: read through Mongoose each time, that was most of the
// page's CPU (fifty admins at once: 8.6 ms a view, p99 0.5-1.2 s; docs/performance.md). Each
// server keeps what it read for KEEP_MS and what it recorded itself at once, so another server's
// record shows within KEEP_MS; misses are read with the find command by _id.
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { Schema, type Connection, type Model } from 'mongoose';
import { upserted } from '../db/claim.ts';
import { documentById } from '../db/connection.ts';
import { perConnection } from '../db/kept.ts';

declare module '../http/session.ts' {
  interface SessionData {
    /** the session start (ms) whose sign-in has been recorded */
    signInRecorded?: number;
  }
}

interface SignInDoc {
  _id: string;
  at: Date;
}

const schema = new Schema<SignInDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: 'sign_ins' });

function model(db: Connection): Model<SignInDoc> {
  return (db.models.SignIn as Model<SignInDoc> | undefined) ?? db.model<SignInDoc>('SignIn', schema);
}

/** How long a server shows a last sign-in it read without reading it again. */
const KEEP_MS = 30_000;
const KEEP_LIMIT = 20_000;

/** What this process knows of last sign-ins, per connection (every app on it records through it). */
const knownOn = perConnection(() => new LRUCache<string, { at: Date | null }>({ max: KEEP_LIMIT, ttl: KEEP_MS }));

export function signInRecords(db: Connection) {
  const SignIns = model(db);
  const byId = documentById<SignInDoc>(db, schema.get('collection')!);
  const kept = knownOn(db);
  return {
    async record(userId: string, at: Date): Promise<void> {
      await upserted(() => SignIns.replaceOne({ _id: userId }, { _id: userId, at }, { upsert: true }));
      kept.set(userId, { at });
    },
    /** userId -> last sign-in (users never signed in are left out) */
    async lastOf(userIds: readonly string[]): Promise<Map<string, Date>> {
      const found = await Promise.all(
        userIds.map(async (id): Promise<[string, Date | null]> => {
          const hit = kept.get(id);
          if (hit) return [id, hit.at];
          const at = (await byId(id))?.at ?? null;
          // a sign-in recorded here while the read was out is newer than what the read found
          if (!kept.has(id)) kept.set(id, { at });
          return [id, kept.get(id)?.at ?? at];
        }),
      );
      return new Map(found.filter((f): f is [string, Date] => f[1] !== null));
    },
  };
}

export type SignInRecords = ReturnType<typeof signInRecords>;

/** Records a session's sign-in once; a failure to record never fails the request. */
export function recordSignIns(records: SignInRecords, onError: (err: unknown) => void): RequestHandler {
  return (req, _res, next) => {
    const started = req.session?.startedAt;
    if (!req.user || typeof started !== 'number' || req.session.signInRecorded === started) return next();
    req.session.signInRecorded = started;
    records.record(req.user.id, new Date(started)).catch(onError);
    next();
  };
}
