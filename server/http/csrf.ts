import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnsupportedMediaTypeError } from '../errors.ts';
import { uploadRequests } from './access.ts';
import { browserPage, safeNext, sentFrom } from './forms.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfOptions {
  /** the session secret; the anonymous tokens' key is derived from it */
  secret: string;
  /** HTTPS only, with the __Host- prefix, as the session cookie */
  secure: boolean;
}

interface Anonymous {
  key: Buffer;
  cookie: string;
  secure: boolean;
}

// what csrfProtection knows, for the checks made later in the request (csrfAfterUpload)
const anonymousOf = new WeakMap<Request, Anonymous>();

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-qorgau.csrf' : 'qorgau.csrf';
}

const signedIn = (req: Request) => Boolean((req.session as { passport?: { user?: unknown } } | undefined)?.passport?.user);

/**
 * A visitor who is not signed in gets a signed double-submit token: a random value in an HttpOnly
 * cookie, and in the form its HMAC under a key only the server holds. So GET /login or /register
 * writes no session document (a session is created at sign-in), and a form cannot be posted from
 * another site, which can neither read the cookie nor compute the HMAC of one it planted.
 */
function anonymousToken(req: Request, res: Response, anonymous: Anonymous): string {
  let value = (req.cookies as Record<string, unknown> | undefined)?.[anonymous.cookie];
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = randomBytes(32).toString('base64url');
    // kept a week, not for the browser's session only: a phone that closed its browser and brought
    // the tab back still sends a form it shows
    res.cookie(anonymous.cookie, value, { httpOnly: true, sameSite: 'lax', secure: anonymous.secure, path: '/', maxAge: 7 * 24 * 3600 * 1000 });
    // the same request may render two forms: both carry the token of the value just set
    (req.cookies as Record<string, unknown>)[anonymous.cookie] = value;
  }
  return createHmac('sha256', anonymous.key).update(value as string).digest('base64url');
}

/** The session's synchronizer token for a signed-in user, created on first use. */
export function csrfToken(req: Request, res?: Response): string {
  const anonymous = anonymousOf.get(req);
  if (anonymous && res && !signedIn(req) && !req.session?.csrfToken) return anonymousToken(req, res, anonymous);
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function validAnonymous(req: Request, sent: string): boolean {
  const anonymous = anonymousOf.get(req);
  const value = (req.cookies as Record<string, unknown> | undefined)?.[anonymous?.cookie ?? ''];
  if (!anonymous || typeof value !== 'string' || signedIn(req)) return false;
  return sameToken(sent, createHmac('sha256', anonymous.key).update(value).digest('base64url'));
}

/**
 * Checks `_csrf` (or the X-CSRF-Token header) on every state-changing request: against the session
 * when there is one with a token, otherwise (a visitor not signed in) against the CSRF cookie.
 */
export function verifyCsrf(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const body = req.body as Record<string, unknown> | undefined;
  const sent = body?._csrf ?? req.get('x-csrf-token');
  const expected = req.session?.csrfToken;
  if (typeof sent === 'string' && ((expected && sameToken(sent, expected)) || validAnonymous(req, sent))) return;
  throw new ForbiddenError('errors.csrf');
}

/**
 * Gives views a lazy token (a form's `{{csrfField}}` creates it, so pages without forms set
 * nothing) and verifies parsed bodies. A multipart body cannot be checked here: only routes declared
 * `upload` accept one, and they parse it with http/upload.ts, which checks the token after Multer's
 * limits. Any other route refuses a multipart body, so no state change ever skips the check.
 */
export function csrfProtection(options: CsrfOptions): RequestHandler {
  const anonymous: Anonymous = {
    key: createHmac('sha256', options.secret).update('qorgau csrf for visitors').digest(),
    cookie: csrfCookieName(options.secure),
    secure: options.secure,
  };
  return (req, res, next) => {
    anonymousOf.set(req, anonymous);
    res.locals.csrf = () => csrfToken(req, res);
    if (!SAFE_METHODS.has(req.method) && req.is('multipart/form-data')) {
      return next(uploadRequests.has(req) ? undefined : new UnsupportedMediaTypeError('errors.multipartRefused'));
    }
    try {
      verifyCsrf(req);
      next();
    } catch (err) {
      refused(req, res, next, err);
    }
  };
}

/**
 * A form whose token does not hold is refused with a 403, and nothing is done. From a page of this
 * site (a form left open across a sign-in in another tab, or a visitor's form whose cookie the
 * browser dropped), the refusal says why and links back to that page, to be sent again with a
 * fresh token: it ended with only a link home.
 */
function refused(req: Request, res: Response, next: NextFunction, err: unknown): void {
  if (!browserPage(req)) return next(err);
  // a sign-in or sign-up form left open in another tab, sent after signing in there: done already
  if (signedIn(req) && (req.path === '/login' || req.path === '/register')) return res.redirect(303, `${req.baseUrl}/`);
  const back = safeNext(req.baseUrl, sentFrom(req));
  next(back ? new ForbiddenError('errors.formRefreshed').withWay(back.slice(req.baseUrl.length), 'errors.openFormAgain') : err);
}

export const csrfAfterUpload: RequestHandler = (req, res, next) => {
  try {
    verifyCsrf(req);
    next();
  } catch (err) {
    refused(req, res, next, err);
  }
};
