// Where sessions are kept: documents of `sessions` read by `_id`, remembered under their user's
// stamp (db/remembered.ts), and written by the session middleware (http/session.ts) only when a
// request changed one. The documents are laid out as connect-mongo laid them out (`session`,
// `expires`, `lastModified`), so sessions stored before stay valid; accounts/sessions.ts ends
// them and sweeps the expired.
import type { Connection } from 'mongoose';
import type { LearnerCache } from '../db/remembered.ts';
import { documentById } from '../db/connection.ts';
import { SESSIONS_COLLECTION } from '../accounts/sessions.ts';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/** A stored session as read: its data (as JSON too, to tell a change), and when its expiry last moved. */
export interface Stored {
  session: Record<string, unknown>;
  json: string;
  lastModified: Date | undefined;
  expires: Date | undefined;
}

/** One request's hold on a session: its id, and whether and how it is stored. */
export interface Held {
  id: string;
  /** a document holds this session (it was read, or written by this request) */
  stored: boolean;
  /** the data as last read or written: a request that leaves it so writes nothing */
  json: string;
  lastModified: Date | undefined;
  /** destroyed by this request: nothing writes it again */
  ended?: boolean;
}

/** A session's expiry is moved forward in the store at most this often. */
const TOUCH_AFTER_S = 60;

/** The signed-in sessions this server has read, by id: whose they are (at most this many). */
const OWNERS_LIMIT = 20_000;

/** Fields of a stored document's session that are not data: express-session's cookie, the store's stamp. */
const NOT_DATA = new Set(['cookie', 'lastModified', '__proto__', 'constructor', 'prototype']);

export const ownerOf = (session: Record<string, unknown> | undefined): string | undefined => {
  const user = (session?.passport as { user?: unknown } | undefined)?.user;
  return typeof user === 'string' ? user : undefined;
};

/**
 * The cookie as express-session stored it beside a session's data: written with every session, so
 * that the commit before this store (and a rollback to it) reads these sessions as its own.
 */
const storedCookie = (secure: boolean) => ({ originalMaxAge: null, expires: null, secure, httpOnly: true, path: '/', sameSite: 'lax' });

export function sessionStore(db: Connection, remembered: LearnerCache, secure: boolean) {
  const cookie = storedCookie(secure);
  const collection = db.collection<{ _id: string; session: Record<string, unknown>; expires: Date; lastModified: Date }>(SESSIONS_COLLECTION);
  const sessionById = documentById(db, SESSIONS_COLLECTION);
  const load = async (sid: string): Promise<Stored | null> => {
    const doc = await sessionById(sid);
    if (!doc || typeof doc.session !== 'object' || doc.session === null) return null;
    const session: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc.session as Record<string, unknown>)) if (!NOT_DATA.has(k)) session[k] = v;
    return { session, json: JSON.stringify(session), lastModified: doc.lastModified as Date | undefined, expires: doc.expires as Date | undefined };
  };
  // A signed-in session is remembered like the rest of its user's documents: under the user's
  // stamp, which every write and delete of one of their sessions changes once it has landed (below,
  // and accounts/sessions.ts when all of a user's sessions end). So a signed-in page costs the
  // stamp's read alone, and a sign-out or a flash set through another server shows on the next
  // request here. `owners` says whose a session is, from an earlier read; the scope is opened for
  // that user before the session is read (http/session.ts).
  const owners = new Map<string, { userId: string; stored: Stored }>();
  const own = (sid: string, stored: Stored) => {
    owners.delete(sid); // re-inserted: the map's order is least recently seen first
    const userId = ownerOf(stored.session);
    if (!userId) return;
    owners.set(sid, { userId, stored });
    if (owners.size > OWNERS_LIMIT) owners.delete(owners.keys().next().value!);
  };
  // expiries are set on the real clock, so they are read on it
  const live = (stored: Stored | null): stored is Stored => stored !== null && !(stored.expires && stored.expires.getTime() <= Date.now());
  const read = async (sid: string): Promise<Stored | null> => {
    const owner = owners.get(sid)?.userId;
    if (!owner) return load(sid);
    const stored = await remembered.read(owner, `session:${sid}`, () => load(sid), (s) => ownerOf(s?.session) === owner);
    // an expiry remembered from before another server's touch is not trusted: read it again
    return live(stored) ? stored : load(sid);
  };
  /** Announces a change to one of the user's sessions, after it landed: every server reads it again. */
  const changed = async (sid: string, userId: string | undefined) => {
    owners.delete(sid);
    if (userId) await remembered.changed(userId);
  };

  return {
    /** The user whose session this is, from an earlier read: their scope is opened before it is read. */
    ownerOf: (sid: string): string | undefined => owners.get(sid)?.userId,
    /** The session stored under `sid`, if any and live; remembered under its user's stamp. */
    async get(sid: string): Promise<Stored | null> {
      const stored = await read(sid);
      if (!live(stored)) {
        owners.delete(sid);
        return null;
      }
      own(sid, stored);
      return stored;
    },
    /** Writes a session's data; a new one is inserted, a stored one updated. */
    async save(state: Held, data: Record<string, unknown>, json: string): Promise<void> {
      if (state.ended) return;
      const now = new Date();
      const fields = { session: { ...data, cookie }, expires: new Date(now.getTime() + IDLE_TIMEOUT_MS), lastModified: now };
      if (state.stored) {
        // an update, never an upsert: a session ended meanwhile (a sign-out or a disable through
        // another server) stays ended, where a write of its old data would have brought it back
        await collection.updateOne({ _id: state.id }, { $set: fields }, { ignoreUndefined: true });
      } else {
        // a new id (192 random bits): the insert claims it
        await collection.insertOne({ _id: state.id, ...fields }, { ignoreUndefined: true });
        state.stored = true;
      }
      state.json = json;
      state.lastModified = now;
      await changed(state.id, ownerOf(data) ?? owners.get(state.id)?.userId);
    },
    /** Deletes a stored session. */
    async destroy(state: Held): Promise<void> {
      state.ended = true;
      if (!state.stored) return;
      state.stored = false;
      const known = owners.get(state.id)?.userId;
      const userId = known ?? ownerOf((await load(state.id))?.session);
      await collection.deleteOne({ _id: state.id });
      await changed(state.id, userId);
    },
    /**
     * Moves a stored session's expiry forward, once the last move is TOUCH_AFTER_S to 1.5 × that
     * old, at random: sessions that began together (a school at the bell) are not all written in
     * the same second. Undefined when there is nothing to write (most requests).
     */
    touch(state: Held): Promise<void> | undefined {
      const last = state.lastModified?.getTime() ?? 0;
      if (Date.now() - last < TOUCH_AFTER_S * 1000 * (1 + Math.random() * 0.5)) return undefined;
      return moveExpiry(state);
    },
  };
  async function moveExpiry(state: Held): Promise<void> {
    const now = new Date();
    const expires = new Date(now.getTime() + IDLE_TIMEOUT_MS);
    // no document (the session ended meanwhile, elsewhere) is no error: the next request finds none
    await collection.updateOne({ _id: state.id }, { $set: { expires, lastModified: now } });
    state.lastModified = now;
    // the copy this server remembers carries the new expiry, so the next requests skip the write too
    const known = owners.get(state.id)?.stored;
    if (known) {
      known.lastModified = now;
      known.expires = expires;
    }
  }
}

export type SessionStore = ReturnType<typeof sessionStore>;
