import type { RequestHandler } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import type { Connection } from 'mongoose';

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
}

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host, HTTPS and path "/": set only where all hold.
  return secure ? '__Host-qorgau.sid' : 'qorgau.sid';
}

export function sessionMiddleware({ db, secret, secure }: SessionOptions): RequestHandler {
  const store = MongoStore.create({
    client: db.getClient(),
    dbName: db.name,
    collectionName: SESSIONS_COLLECTION,
    // FerretDB 1.x has no TTL indexes: expired sessions are swept by accounts (accounts/accounts.ts).
    autoRemove: 'disabled',
    stringify: false,
    ttl: IDLE_TIMEOUT_MS / 1000,
    touchAfter: 60,
  });
  // connect-mongo looks a session up with `{_id, $or: [expiry]}`; FerretDB pushes only a bare
  // `{_id}` filter down to SQLite and reads the whole collection for anything else, on every
  // request. Look it up by _id alone and check the expiry here instead.
  const sessions = db.collection(SESSIONS_COLLECTION);
  store.get = (sid, callback) => {
    sessions.findOne({ _id: sid as never }).then(
      (doc) => {
        if (!doc || (doc.expires && doc.expires <= new Date())) return callback(null, null);
        // lastModified is what lets touchAfter skip a write on most requests, as connect-mongo does
        callback(null, { ...(doc.session as session.SessionData), ...(doc.lastModified ? { lastModified: doc.lastModified } : {}) });
      },
      (err: unknown) => callback(err),
    );
  };
  const handler = session({
    name: sessionCookieName(secure),
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      // "/" even when mounted under a sub-path: the __Host- prefix requires it, and the name is ours.
      path: '/',
      maxAge: IDLE_TIMEOUT_MS,
    },
  });
  return (req, res, next) => {
    handler(req, res, (err?: unknown) => {
      if (err) return next(err);
      const started = req.session.startedAt;
      if (started !== undefined && Date.now() - started > ABSOLUTE_TIMEOUT_MS) {
        // The absolute lifetime has passed: start over as an anonymous visitor.
        return req.session.regenerate((e) => next(e));
      }
      next();
    });
  };
}

// The stored sessions belong to accounts, which ends them (accounts/sessions.ts); re-exported for callers here.
export { endSessionsOf, sweepExpiredSessions } from '../accounts/sessions.ts';
