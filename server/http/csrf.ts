import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnsupportedMediaTypeError } from '../errors.ts';
import { uploadRequests } from './access.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's synchronizer token, created on first use. */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks `_csrf` (or the X-CSRF-Token header) against the session on every state-changing request. */
export function verifyCsrf(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const body = req.body as Record<string, unknown> | undefined;
  const sent = body?._csrf ?? req.get('x-csrf-token');
  const expected = req.session?.csrfToken;
  if (typeof sent !== 'string' || !expected || !sameToken(sent, expected)) throw new ForbiddenError('errors.csrf');
}

/**
 * Gives views a lazy token (a form's `{{csrfField}}` creates it, so pages without forms create no
 * session) and verifies parsed bodies. A multipart body cannot be checked here: only routes declared
 * `upload` accept one, and they parse it with http/upload.ts, which checks the token after Multer's
 * limits. Any other route refuses a multipart body, so no state change ever skips the check.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    res.locals.csrf = () => csrfToken(req);
    if (!SAFE_METHODS.has(req.method) && req.is('multipart/form-data')) {
      return next(uploadRequests.has(req) ? undefined : new UnsupportedMediaTypeError('errors.multipartRefused'));
    }
    try {
      verifyCsrf(req);
      next();
    } catch (err) {
      next(err);
    }
  };
}

export const csrfAfterUpload: RequestHandler = (req, _res, next) => {
  try {
    verifyCsrf(req);
    next();
  } catch (err) {
    next(err);
  }
};
