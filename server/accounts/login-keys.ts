// Finding a user by IIN or email at sign-in, by _id. FerretDB 1.x filters anything but `{ _id }`
// by decoding the whole collection: with 17,000 teachers a `findOne({ iin })` took 1.3–1.5 s, and
// took longer for an unknown IIN than for an early one, which also told an attacker who has an
// account. So each IIN and email has a key document `iin:<iin>` / `email:<email>` → userId.
//
// A key is a hint, never the truth: the user it names is read and must hold that IIN or email, and
// uniqueness stays with the unique indexes on users. Writers claim keys *before* writing the user,
// so every user has its keys; a key left by a failed or raced write names the wrong user (or none)
// and is repaired by the next sign-in, which then looks the user up the slow way once. Users stored
// before keys existed get theirs from `backfill`, run at start; until it has finished, a missing
// key also falls back to the slow way, so nobody is ever locked out.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { insertNew, isDuplicateKey, upserted } from '../db/claim.ts';
import { userModel, type UserDoc } from './user.model.ts';

export type LoginKind = 'iin' | 'email';

interface LoginKeyDoc {
  /** `iin:<iin>`, `email:<email>`, or COMPLETE */
  _id: string;
  userId: Types.ObjectId | null;
}

/** Stored once backfill has given every user stored before it their keys. */
const COMPLETE = 'backfill:complete';

const loginKeySchema = new Schema({ _id: { type: String, required: true }, userId: { type: Schema.Types.ObjectId, default: null } }, { collection: 'login_keys' });

export function registerLoginKeyModel(conn: Connection): void {
  if (!conn.models.LoginKey) conn.model('LoginKey', loginKeySchema);
}

const keyOf = (kind: LoginKind, value: string) => `${kind}:${value}`;

export function loginKeys(db: Connection) {
  const Keys = db.model('LoginKey') as Model<LoginKeyDoc>;
  const Users = userModel(db);

  const holds = (user: Pick<UserDoc, 'iin' | 'email'> | null, kind: LoginKind, value: string) => user !== null && user[kind] === value;

  async function point(kind: LoginKind, value: string, userId: Types.ObjectId): Promise<void> {
    await upserted(() => Keys.replaceOne({ _id: keyOf(kind, value) }, { userId }, { upsert: true }));
  }

  /**
   * Points the key at this user, unless another user really holds the value (then the user's own
   * write will fail on the unique index, and the key stays right).
   */
  async function claim(kind: LoginKind, value: string, userId: Types.ObjectId): Promise<void> {
    try {
      await Keys.create({ _id: keyOf(kind, value), userId });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await Keys.findById(keyOf(kind, value)).lean<LoginKeyDoc>();
    if (existing?.userId?.equals(userId)) return;
    const holder = existing?.userId ? await Users.findById(existing.userId).lean<UserDoc>() : null;
    if (holds(holder, kind, value)) return;
    await point(kind, value, userId);
  }

  // once every user stored before keys existed has them, that stays true
  let complete = false;
  async function isComplete(): Promise<boolean> {
    complete ||= (await Keys.exists({ _id: COMPLETE })) !== null;
    return complete;
  }

  return {
    claim,

    /** Claims the keys of many users about to be inserted at once (an import chunk). */
    async claimMany(users: readonly { _id: Types.ObjectId; iin: string; email: string }[]): Promise<void> {
      const docs = users.flatMap((u) => [{ _id: keyOf('iin', u.iin), userId: u._id }, { _id: keyOf('email', u.email), userId: u._id }]);
      // a key stored already (a racer's, or a left-over one) is claimed as a single key is
      for (const doc of await insertNew(Keys, docs)) {
        const [kind, ...rest] = doc._id.split(':');
        await claim(kind as LoginKind, rest.join(':'), doc.userId);
      }
    },

    /** Claims both keys of a user about to be written. */
    async claimBoth(user: { iin: string; email: string }, userId: Types.ObjectId): Promise<void> {
      await Promise.all([claim('iin', user.iin, userId), claim('email', user.email, userId)]);
    },

    /** Forgets a value the user no longer holds; a key already pointing elsewhere is left alone. */
    async release(kind: LoginKind, value: string, userId: Types.ObjectId): Promise<void> {
      const existing = await Keys.findById(keyOf(kind, value)).lean<LoginKeyDoc>();
      if (existing?.userId?.equals(userId)) await Keys.deleteOne({ _id: keyOf(kind, value) });
    },

    /** The user holding this IIN or email (already normalised), or null. */
    async find(kind: LoginKind, value: string): Promise<UserDoc | null> {
      const key = await Keys.findById(keyOf(kind, value)).lean<LoginKeyDoc>();
      const named = key?.userId ? await Users.findById(key.userId).lean<UserDoc>() : null;
      if (holds(named, kind, value)) return named;
      // no key: nobody holds the value, once every user stored before keys existed has them
      if (!key && (await isComplete())) return null;
      const user = await Users.findOne({ [kind]: value }).lean<UserDoc>();
      if (user) await point(kind, value, user._id);
      else if (key) await Keys.deleteOne({ _id: keyOf(kind, value) });
      return user;
    },

    /** Gives every user without keys their keys, once per database; returns how many users it read. */
    async backfill(): Promise<number> {
      if (await isComplete()) return 0;
      let read = 0;
      for await (const user of Users.find({}, { iin: 1, email: 1 }).lean<Pick<UserDoc, '_id' | 'iin' | 'email'>>().cursor({ batchSize: 5_000 })) {
        await Promise.all([claim('iin', user.iin, user._id), claim('email', user.email, user._id)]);
        read += 1;
      }
      await Keys.create({ _id: COMPLETE, userId: null }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      complete = true;
      return read;
    },
  };
}

export type LoginKeys = ReturnType<typeof loginKeys>;
