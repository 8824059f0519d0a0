// Periodic clean-up that a TTL index would do on MongoDB; FerretDB 1.x has none. Each sweep is an
// idempotent deleteMany, so several app servers running it at once do no harm.
import type { Connection } from 'mongoose';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import { sweepExpiredSessions } from './accounts/sessions.ts';
import { sweepLoginFailures } from './accounts/login-throttle.ts';
import { tokenRepository } from './accounts/token.repository.ts';
import { courseRepository } from './courses/course.repository.ts';
import { mediaRepository } from './courses/media.repository.ts';
import { sweepAbandonedContent } from './courses/content-sweep.ts';

export async function sweepOnce(db: Connection, now: Date): Promise<void> {
  await sweepExpiredSessions(db, now);
  await sweepLoginFailures(db, now);
  await tokenRepository(db).sweepExpired(now);
}

/** Deletes course content a crashed import left behind (courses/content-sweep.ts). */
export async function sweepCourseContent(db: Connection, now: Date, logger?: Logger): Promise<void> {
  const swept = await sweepAbandonedContent({ courses: courseRepository(db), media: mediaRepository(db) }, now);
  if (swept.versions || swept.files) logger?.info(swept, 'removed content of abandoned course imports');
}

export function startHousekeeping(db: Connection, clock: Clock, logger: Logger, intervalMs = 5 * 60 * 1000, contentIntervalMs = 60 * 60 * 1000): () => void {
  const timer = setInterval(() => {
    sweepOnce(db, clock.now()).catch((err: unknown) => logger.warn({ err }, 'housekeeping sweep failed'));
  }, intervalMs);
  const contentTimer = setInterval(() => {
    sweepCourseContent(db, clock.now(), logger).catch((err: unknown) => logger.warn({ err }, 'course content sweep failed'));
  }, contentIntervalMs);
  timer.unref();
  contentTimer.unref();
  return () => {
    clearInterval(timer);
    clearInterval(contentTimer);
  };
}
