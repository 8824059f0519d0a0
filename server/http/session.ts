// The session: a signed cookie naming a stored session (http/session-store.ts), which a request
// reads once and writes only when it changed it. express-session did this before; its objects,
// three SHA-1 hashes of the session per request and its response hooks were a sixth of a
// signed-in page's CPU (docs/performance.md). The cookie is the same, `s:<id>.<HMAC-SHA256>` signed
// with cookie-signature, so sessions begun under it stay valid.
import { createSecretKey, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import signature from 'cookie-signature';
import onHeaders from 'on-headers';
import { LRUCache } from 'lru-cache';
import type { Connection } from 'mongoose';
import type { LearnerCache } from '../db/remembered.ts';
import type { Logger } from '../logger.ts';
import { sessionStore, type Held, type SessionStore } from './session-store.ts';

export { IDLE_TIMEOUT_MS } from './session-store.ts';
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** signed-in cookies whose signature this server remembers as verified */
const VERIFIED_LIMIT = 20_000;
export { SESSIONS_COLLECTION } from '../accounts/sessions.ts';

/** What a session holds; features add their own fields (`declare module` on this file). */
export interface SessionData {
  csrfToken: string;
  startedAt: number;
  userSearch: string | undefined;
  flash: { kind: 'success' | 'error' | 'info'; key: string; params?: Record<string, unknown> } | undefined;
  passport?: { user?: unknown };
}

export interface SessionOptions {
  db: Connection;
  secret: string;
  secure: boolean;
  /** what this server remembers of each signed-in user, under their stamp (db/remembered.ts) */
  remembered: LearnerCache;
  /** where a session write that failed after its page was made is logged */
  logger?: Pick<Logger, 'error'>;
}

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host, HTTPS and path "/": set only where all hold.
  return secure ? '__Host-qorgau.sid' : 'qorgau.sid';
}

/** One request's session as the middleware holds it: the stored session, and the request. */
interface State extends Held {
  req: Request;
}

/** What a session's methods ask of the middleware. */
interface Keeper {
  store: SessionStore;
  /** gives the request a new, empty session under a new id */
  regenerate(state: State): void;
}

/**
 * One request's session: its data are the object's own fields (what JSON.stringify shows); its id
 * and methods are not. The methods are those Passport and express-session's users call.
 */
export class Session {
  readonly #state: State;
  readonly #keeper: Keeper;
  constructor(state: State, keeper: Keeper) {
    this.#state = state;
    this.#keeper = keeper;
  }
  get id(): string {
    return this.#state.id;
  }
  /** Writes the session now (the response writes it again only if it changes after). */
  save(done?: (err?: unknown) => void): this {
    this.#keeper.store.save(this.#state, { ...this } as Record<string, unknown>, JSON.stringify(this)).then(() => done?.(), (err: unknown) => done?.(err));
    return this;
  }
  /** Ends the session: its document is deleted and the request goes on without one. */
  destroy(done?: (err?: unknown) => void): this {
    this.#detach();
    this.#keeper.store.destroy(this.#state).then(() => done?.(), (err: unknown) => done?.(err));
    return this;
  }
  /** Ends the session and gives the request a new, empty one under a new id (sign-in). */
  regenerate(done: (err?: unknown) => void): this {
    this.#detach();
    this.#keeper.store.destroy(this.#state).then(() => {
      this.#keeper.regenerate(this.#state);
      done();
    }, done);
    return this;
  }
  #detach(): void {
    const { req } = this.#state;
    if ((req.session as Session | undefined) === this) (req as { session?: unknown }).session = undefined;
  }
  /** The session's state, for the middleware (a private field, so never in its data). */
  static stateOf(session: Session): State {
    return session.#state;
  }
}

/**
 * A session's copy for one request: code changes its objects' fields (Passport deletes
 * `passport.user` at sign-out), so each object one level down is copied; deeper values (a flash's
 * params) are only ever replaced whole.
 */
function copyInto(target: object, data: Record<string, unknown>): void {
  const copy = target as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    const value = data[key];
    copy[key] = value !== null && typeof value === 'object' && !(value instanceof Date) ? (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) : value;
  }
}

export function sessionMiddleware({ db, secret, secure, remembered, logger }: SessionOptions): RequestHandler {
  const store = sessionStore(db, remembered, secure);
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const cookieName = sessionCookieName(secure);
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure, path: '/' } as const;
  const hooked = new WeakSet<Request>();
  const keeper: Keeper = {
    store,
    regenerate(state) {
      fresh(state.req, state.id);
    },
  };

  // Cookies whose signature verified, with the session id each names: a signature checked once
  // holds for as long as the secret, so the HMAC is not made again on each of a session's requests.
  // Only cookies that verified are kept, and at most VERIFIED_LIMIT of them.
  const verifiedCookies = new LRUCache<string, string>({ max: VERIFIED_LIMIT });
  function verifiedId(raw: string): string | undefined {
    const known = verifiedCookies.get(raw);
    if (known !== undefined) return known;
    const verified = raw.startsWith('s:') ? signature.unsign(raw.slice(2), key) : false;
    if (verified === false) return undefined;
    verifiedCookies.set(raw, verified);
    return verified;
  }

  function attach(req: Request, state: State, data?: Record<string, unknown>): void {
    const session = new Session(state, keeper) as Request['session'];
    if (data) copyInto(session, data);
    req.session = session;
    req.sessionID = state.id;
  }
  /**
   * A new session for the request, under a new id (192 random bits), stored once something is put
   * in it. `cookieId` is the id the request's cookie named (the session regenerated, if any): its
   * cookie goes out only for another id.
   */
  function fresh(req: Request, cookieId: string | undefined): void {
    if (!hooked.has(req)) cookieWhenNew(req, req.res!, cookieId);
    attach(req, { req, id: randomBytes(24).toString('base64url'), stored: false, json: '{}', lastModified: undefined });
  }
  /**
   * The cookie goes out with the response's headers when the session's id is not the one the
   * request's cookie named (a new session, or one regenerated at sign-in), and only once that
   * session is stored or has data. A request that keeps the session it came with sets no cookie.
   */
  function cookieWhenNew(req: Request, res: Response, cookieId: string | undefined): void {
    hooked.add(req);
    onHeaders(res, function setCookie(this: Response) {
      const session = req.session as Session | undefined;
      if (!session || session.id === cookieId) return;
      const state = Session.stateOf(session);
      if (state.stored || JSON.stringify(session) !== state.json) this.cookie(cookieName, `s:${signature.sign(state.id, key)}`, cookieOptions);
    });
  }

  /** What the response's end must wait for: the session's write, or its expiry's move; mostly nothing. */
  function commit(req: Request): Promise<void> | undefined {
    const session = req.session as Session | undefined;
    if (!session) return undefined;
    const state = Session.stateOf(session);
    const json = JSON.stringify(session);
    if (json !== state.json) return store.save(state, { ...session } as Record<string, unknown>, json);
    return state.stored ? store.touch(state) : undefined;
  }

  /** The response ends once the session's write has landed, so the next request (a redirect's) sees it. */
  function endAfterCommit(req: Request, res: Response): void {
    const end = res.end;
    let ended = false;
    res.end = function (this: Response, ...args: unknown[]) {
      if (ended) return this;
      ended = true;
      const finish = () => end.apply(this, args as Parameters<Response['end']>);
      const pending = commit(req);
      if (!pending) return finish();
      pending.then(finish, (err: unknown) => {
        // the page is made already: it goes out, and the failed write is logged
        logger?.error({ err }, 'session not written');
        finish();
      });
      return this;
    } as Response['end'];
  }

  function run(req: Request, res: Response, next: (err?: unknown) => void, sid: string | undefined): void {
    endAfterCommit(req, res);
    if (!sid) {
      fresh(req, undefined);
      return next();
    }
    store.get(sid).then((stored) => {
      if (!stored) {
        fresh(req, sid);
        return next();
      }
      attach(req, { req, id: sid, stored: true, json: stored.json, lastModified: stored.lastModified }, stored.session);
      const started = req.session.startedAt;
      if (started !== undefined && Date.now() - started > ABSOLUTE_TIMEOUT_MS) {
        // The absolute lifetime has passed: start over as an anonymous visitor.
        return req.session.regenerate((e) => next(e));
      }
      next();
    }, next);
  }

  return (req, res, next) => {
    // The cookie is `s:<id>.<HMAC>`; one whose signature does not verify names no session.
    const raw = (req.cookies as Record<string, string | undefined> | undefined)?.[cookieName];
    const sid = raw === undefined ? undefined : verifiedId(raw);
    // The session's user is known from an earlier read: open their scope first, so that the
    // session, their account and their learning documents are all checked by one stamp read.
    const owner = sid ? store.ownerOf(sid) : undefined;
    if (owner) remembered.scope(owner, () => run(req, res, next, sid));
    else run(req, res, next, sid);
  };
}

// The stored sessions belong to accounts, which ends them (accounts/sessions.ts); re-exported for callers here.
export { endSessionsOf, sweepExpiredSessions } from '../accounts/sessions.ts';
