import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ForbiddenError } from '../errors.ts';

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
 * session) and verifies parsed bodies. Multipart routes parse their body in the route, after
 * Multer's limits, and call `csrfAfterUpload` there.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    res.locals.csrf = () => csrfToken(req);
    if (req.is('multipart/form-data')) return next();
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
