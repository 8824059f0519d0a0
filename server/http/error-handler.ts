import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, TooManyRequestsError, ValidationError } from '../errors.ts';
import { isDatabaseUnreachable } from '../db/health.ts';
import { RETRY_AFTER_SECONDS } from './database-gate.ts';
import { defaultLanguage, translator, type Translate } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('errors.notFound'));

interface BodyParserError {
  type?: string;
  status?: number;
  code?: string;
  field?: string;
}

/** Maps errors from Express, body parsers and Multer to the app's own typed errors. */
function normalise(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // the database (or the session store on it) could not be reached: a 503 the user can retry
  if (isDatabaseUnreachable(err)) return new ServiceUnavailableError('errors.unavailable');
  const e = (err ?? {}) as BodyParserError & { name?: string };
  if (e.type === 'entity.too.large' || e.code === 'LIMIT_FILE_SIZE' || e.code === 'LIMIT_FIELD_VALUE') return new PayloadTooLargeError('errors.tooLarge');
  if (e.name === 'MulterError') return new ValidationError('errors.upload', [{ field: e.field ?? 'file', message: `errors.multer.${e.code ?? 'unknown'}` }]);
  if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported' || e.type === 'parameters.too.many') {
    return new ValidationError('errors.badRequest');
  }
  if (e.name === 'StrictModeError' || e.name === 'CastError') return new ValidationError('errors.invalidInput');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new ValidationError('errors.badRequest');
  return new AppError('errors.internal');
}

function localise(t: Translate, key: string, params?: Record<string, unknown>): string {
  return t(key, params);
}

function bareHtml(status: number, title: string, message: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(message)}</p><p>${status}</p></body></html>`;
}

/** The one error middleware: 4xx/5xx page in the user's language, JSON for API callers. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const error = normalise(err);
    if (error.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    else logger.debug({ code: error.code, url: req.originalUrl }, 'request refused');

    const t = req.t ?? translator(defaultLanguage);
    const title = localise(t, `errors.title.${error.status}`);
    const message = localise(t, error.messageKey, error.params);
    const details = error.details.map((d) => ({
      field: d.named ? '' : d.field,
      label: d.label ? localise(t, d.label) : undefined,
      message: d.literal ? d.message : localise(t, d.message, d.params),
    }));
    if (error instanceof TooManyRequestsError) res.set('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof ServiceUnavailableError) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(error.status);

    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: { code: error.code, message, details } });
      return;
    }
    const view = { pageTitle: title, title, message, details, status: error.status, code: error.code, signIn: error.status === 401, way: error.way };
    res.render('errors/error', view, (renderError, html) => {
      if (renderError) {
        logger.error({ err: renderError }, 'error page failed to render');
        res.type('html').send(bareHtml(error.status, title, message));
        return;
      }
      res.type('html').send(html);
    });
  };
}
