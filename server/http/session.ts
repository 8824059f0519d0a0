import type { RequestHandler } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import type { Connection } from 'mongoose';
import type { LearnerCache } from '../db/remembered.ts';
import { documentById } from '../db/connection.ts';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
import { SESSIONS_COLLECTION } from '../accounts/sessions.ts';

export { SESSIONS_COLLECTION };

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
    startedAt: number;
    userSearch: string | undefined;
    flash: { kind: 'success' | 'error' | 'info'; key: string; params?: Record<string, unknown> } | undefined;
  }
}

export interface SessionOptions {
  db: Connection;
  secret: string;
  secure: boolean;
  /** what this server remembers of each signed-in user, under their stamp (db/remembered.ts) */
  remembered: LearnerCache;
}

/** A stored session as read: what express-session gets back, and what touch keeps current. */
interface Stored {
  session: session.SessionData & { passport?: { user?: unknown } };
  lastModified?: Date;
  expires?: Date;
}

/** A session's expiry is moved forward in the store at most this often (connect-mongo's touchAfter). */
const TOUCH_AFTER_S = 60;

/** The signed-in sessions this server has read, by id: whose they are (at most this many). */
const OWNERS_LIMIT = 20_000;

/**
 * A session's copy for one request: express-session replaces its cookie, and code changes its
 * objects' fields (Passport deletes `passport.user` at sign-out), so each object one level down is
 * copied; deeper values (a flash's params) are only ever replaced whole.
 */
function copyOf<T extends object>(session: T): T {
  const copy = { ...session } as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) {
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) copy[key] = Array.isArray(value) ? [...(value as unknown[])] : { ...value };
  }
  return copy as T;
}

const ownerOf = (stored: Stored | null): string | undefined => {
  const user = stored?.session.passport?.user;
  return typeof user === 'string' ? user : undefined;
};

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host, HTTPS and path "/": set only where all hold.
  return secure ? '__Host-qorgau.sid' : 'qorgau.sid';
}

export function sessionMiddleware({ db, secret, secure, remembered }: SessionOptions): RequestHandler {
  const store = MongoStore.create({
    client: db.getClient(),
    dbName: db.name,
    collectionName: SESSIONS_COLLECTION,
    // FerretDB 1.x has no TTL indexes: expired sessions are swept by accounts (accounts/accounts.ts).
    autoRemove: 'disabled',
    stringify: false,
    ttl: IDLE_TIMEOUT_MS / 1000,
    touchAfter: TOUCH_AFTER_S,
  });
  const sessionById = documentById(db, SESSIONS_COLLECTION);
  // connect-mongo looks a session up with `{_id, $or: [expiry]}`; FerretDB pushes only a bare
  // `{_id}` filter down to SQLite and reads the whole collection for anything else, on every
  // request. Look it up by _id alone and check the expiry here instead.
  const load = async (sid: string): Promise<Stored | null> => {
    const doc = await sessionById(sid);
    return doc ? { session: doc.session as Stored['session'], lastModified: doc.lastModified as Date | undefined, expires: doc.expires as Date | undefined } : null;
  };
  // A signed-in session is remembered like the rest of its user's documents: under the user's
  // stamp, which every write and delete of one of their sessions changes once it has landed (below,
  // and accounts/sessions.ts when all of a user's sessions end). So a signed-in page costs the
  // stamp's read alone, and a sign-out or a flash set through another server shows on the next
  // request here. `owners` says whose a session is, from an earlier read; the scope is opened for
  // that user before express-session asks for it (the middleware below).
  const owners = new Map<string, { userId: string; stored: Stored }>();
  const own = (sid: string, stored: Stored | null) => {
    owners.delete(sid); // re-inserted: the map's order is least recently seen first
    const userId = ownerOf(stored);
    if (!userId || !stored) return;
    owners.set(sid, { userId, stored });
    if (owners.size > OWNERS_LIMIT) owners.delete(owners.keys().next().value!);
  };
  // expiries are set by express-session and connect-mongo on the real clock, so they are read on it
  const live = (stored: Stored | null): stored is Stored => stored !== null && !(stored.expires && stored.expires.getTime() <= Date.now());
  const read = async (sid: string): Promise<Stored | null> => {
    const owner = owners.get(sid)?.userId;
    if (!owner) return load(sid);
    const stored = await remembered.read(owner, `session:${sid}`, () => load(sid), (s) => ownerOf(s) === owner);
    // an expiry remembered from before another server's touch is not trusted: read it again
    return live(stored) ? stored : load(sid);
  };
  /** Announces a change to one of the user's sessions, after it landed: every server reads it again. */
  const changed = async (sid: string, userId: string | undefined) => {
    owners.delete(sid);
    if (userId) await remembered.changed(userId);
  };

  store.get = (sid, callback) => {
    read(sid).then(
      (stored) => {
        if (!live(stored)) {
          owners.delete(sid);
          return callback(null, null);
        }
        own(sid, stored);
        // express-session builds req.session from what it gets, in place: never the remembered copy
        const data = copyOf(stored.session);
        // lastModified is what lets touchAfter skip a write on most requests, as connect-mongo does
        callback(null, (stored.lastModified ? { ...data, lastModified: stored.lastModified } : data) as session.SessionData);
      },
      (err: unknown) => callback(err),
    );
  };
  const set = store.set.bind(store);
  store.set = (sid, data, callback) => {
    set(sid, data, (err?: unknown) => {
      if (err) return callback?.(err);
      const userId = ownerOf({ session: data }) ?? owners.get(sid)?.userId;
      changed(sid, userId).then(() => callback?.(null), (e: unknown) => callback?.(e));
    });
  };
  const destroy = store.destroy.bind(store);
  store.destroy = (sid, callback) => {
    const known = owners.get(sid)?.userId;
    (known ? Promise.resolve(known) : load(sid).then(ownerOf)).then(
      (userId) =>
        destroy(sid, (err?: unknown) => {
          if (err) return callback?.(err);
          changed(sid, userId).then(() => callback?.(null), (e: unknown) => callback?.(e));
        }),
      (err: unknown) => callback?.(err),
    );
  };
  const touch = store.touch.bind(store);
  store.touch = (sid, data, callback) => {
    // The expiry moves forward once the last move is TOUCH_AFTER_S to 1.5 × that old, at random:
    // sessions that began together (a school at the bell) are not all written in the same second.
    const last = (data as { lastModified?: Date }).lastModified?.getTime();
    if (last !== undefined && Date.now() - last < TOUCH_AFTER_S * 1000 * (1 + Math.random() * 0.5)) return callback?.(null);
    touch(sid, data, (err?: unknown) => {
      if (err) return callback?.(err);
      // connect-mongo wrote (the last move is older than its touchAfter): the copy this server
      // remembers carries the new expiry, so the next requests skip the write too
      const known = owners.get(sid)?.stored;
      if (known) {
        known.lastModified = new Date();
        known.expires = new Date(data.cookie.expires ?? Date.now() + IDLE_TIMEOUT_MS);
      }
      callback?.(null);
    });
  };
  const handler = session({
    name: sessionCookieName(secure),
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    // The cookie has no expiry of its own: it ends with the browser, and the server ends the session
    // after IDLE_TIMEOUT_MS without a request (the stored expiry, moved forward by touch) or
    // ABSOLUTE_TIMEOUT_MS after sign-in. So the cookie is sent again only when the session id
    // changes (sign-in), not re-signed on every response as a rolling expiry needs.
    rolling: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      // "/" even when mounted under a sub-path: the __Host- prefix requires it, and the name is ours.
      path: '/',
    },
  });
  const cookieName = sessionCookieName(secure);
  return (req, res, next) => {
    // The session's user is known from an earlier read: open their scope first, so that the
    // session, their account and their learning documents are all checked by one stamp read.
    // The cookie's signature is checked by express-session, which asks only for a verified id.
    const raw = (req.cookies as Record<string, string | undefined> | undefined)?.[cookieName];
    const sid = raw?.startsWith('s:') ? raw.slice(2, raw.lastIndexOf('.')) : undefined;
    const owner = sid ? owners.get(sid)?.userId : undefined;
    if (owner) remembered.scope(owner, () => run(req, res, next));
    else run(req, res, next);
  };
  function run(...[req, res, next]: Parameters<RequestHandler>): void {
    handler(req, res, (err?: unknown) => {
      if (err) return next(err);
      const started = req.session.startedAt;
      if (started !== undefined && Date.now() - started > ABSOLUTE_TIMEOUT_MS) {
        // The absolute lifetime has passed: start over as an anonymous visitor.
        return req.session.regenerate((e) => next(e));
      }
      next();
    });
  }
}

// The stored sessions belong to accounts, which ends them (accounts/sessions.ts); re-exported for callers here.
export { endSessionsOf, sweepExpiredSessions } from '../accounts/sessions.ts';
