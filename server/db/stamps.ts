// Change stamps: a document per subject (`u:<userId>`, `catalog`) whose token changes after every
// write to what it covers. A server may keep what it read of that subject in memory for as long as
// the token it read is unchanged, and learns of another server's write with one read by _id.
//
// The token is a fresh random value, never a counter: two writers racing each set a value no
// reader has cached under, whichever lands last (FerretDB 1.x runs `$inc` non-atomically).
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { upserted } from './claim.ts';
import { documentById, driverCollection } from './connection.ts';

export const STAMPS_COLLECTION = 'stamps';

/** The stamp of what learners are offered: courses, their releases and versions, assignments. */
export const CATALOG_STAMP = 'catalog';

/** The stamp of one user: their account (role, scope, status, name, language) and their own learning documents. */
export const userStamp = (userId: string): string => `u:${userId}`;

interface StampDoc {
  _id: string;
  token: string;
}

export interface Stamps {
  /** The subject's current token; '' while nothing was ever written. */
  read(subject: string): Promise<string>;
  /** Gives the subject a new token, and returns it; called after the write it announces has landed. */
  change(subject: string): Promise<string>;
}

export function stamps(db: Connection): Stamps {
  const collection = driverCollection<StampDoc>(db, STAMPS_COLLECTION);
  const byId = documentById<StampDoc>(db, STAMPS_COLLECTION);
  return {
    async read(subject) {
      return (await byId(subject))?.token ?? '';
    },
    async change(subject) {
      const token = randomBytes(9).toString('base64url');
      await upserted(() => collection().updateOne({ _id: subject }, { $set: { token } }, { upsert: true }));
      return token;
    },
  };
}
