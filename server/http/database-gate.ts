// While the database is down, every request that would need it is answered at once with a
// translated 503 page (and Retry-After), instead of hanging until the driver gives up.
// /healthz, /readyz and static files are served before this gate.
import type { RequestHandler } from 'express';
import type { DatabaseHealth } from '../db/health.ts';
import { ServiceUnavailableError } from '../errors.ts';

export const RETRY_AFTER_SECONDS = 10;

export function databaseGate(health: DatabaseHealth): RequestHandler {
  return (_req, _res, next) => {
    // the error handler adds Retry-After to every 503
    next(health.up() ? undefined : new ServiceUnavailableError('errors.unavailable'));
  };
}
