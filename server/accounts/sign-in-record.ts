// The last sign-in of each user, for the admin's user list: one document per user under the user's
// id (read by _id, written by a replace). It is recorded on the first request a new session makes,
// from the session's start time, so sign-in itself (auth.service, passport) is untouched.
import type { RequestHandler } from 'express';
import { Schema, type Connection, type Model } from 'mongoose';

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

export function signInRecords(db: Connection) {
  const SignIns = model(db);
  return {
    async record(userId: string, at: Date): Promise<void> {
      await SignIns.replaceOne({ _id: userId }, { _id: userId, at }, { upsert: true });
    },
    /** userId -> last sign-in, each read by _id */
    async lastOf(userIds: readonly string[]): Promise<Map<string, Date>> {
      const found = await Promise.all(userIds.map((id) => SignIns.findById(id).lean<SignInDoc>()));
      return new Map(found.filter((d): d is SignInDoc => d !== null).map((d) => [d._id, d.at]));
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
