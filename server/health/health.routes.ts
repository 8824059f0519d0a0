import { Router } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../db/connection.ts';

/** Liveness answers while the process is up; readiness also needs the database to answer. */
export function healthRoutes(db: Connection): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await pingDatabase(db);
    res.set('Cache-Control', 'no-store').status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', database: ready ? 'up' : 'down' });
  });
  return router;
}
