// One line per request, written when the response ends: its id, method, URL (masked like every
// logged string, server/logger.ts), status and time. pino-http made two child loggers per request,
// one of them serialising the request, before any line was written: 4 % of a lesson page's CPU
// (bench -- pages, docs/performance.md). The line is the same; the logger and its masking are pino's.
import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.ts';

/** Paths asked for constantly by probes and browsers, whose lines would drown the rest. */
const QUIET = /\/(healthz|readyz)$|\/static\//;

export function accessLog(logger: Logger): RequestHandler {
  let sequence = 0;
  return (req, res, next) => {
    if (QUIET.test(req.url)) return next();
    const id = ++sequence;
    const started = performance.now();
    res.once('close', () => {
      const line = {
        req: { id, method: req.method, url: req.originalUrl },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (!res.writableFinished) logger.info({ ...line, aborted: true }, 'request aborted');
      else if (res.statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
