// Builds the learning feature once from its dependencies: repositories, services, routers and the
// sweeper that finishes attempts whose deadline passed while nobody was looking.
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger.ts';
import { cohortService } from '../accounts/cohort.service.ts';
import type { Clock } from '../clock.ts';
import type { Catalog } from './learning-deps.ts';
import { attemptRepository } from './attempts/attempt.repository.ts';
import { attemptService } from './attempts/attempt.service.ts';
import { attemptViewService } from './attempts/attempt-view.service.ts';
import { attemptRoutes } from './attempts/attempt.routes.ts';
import { enrolmentRepository } from './enrolment/enrolment.repository.ts';
import { enrolmentService } from './enrolment/enrolment.service.ts';
import { assignmentService } from './enrolment/assignment.service.ts';
import { assignmentRoutes } from './enrolment/assignment.routes.ts';
import { progressRepository } from './progress/progress.repository.ts';
import { completionService } from './progress/completion.service.ts';
import { lessonService } from './progress/lesson.service.ts';
import { coursePageService } from './progress/course-page.service.ts';
import { learningRoutes } from './learning.routes.ts';

export const SWEEP_INTERVAL_MS = 60_000;

export function learningFeature(deps: { db: Connection; clock: Clock; catalog: Catalog; logger: Logger }) {
  const { db, clock, catalog, logger } = deps;
  const attemptRepo = attemptRepository(db);
  const enrolmentRepo = enrolmentRepository(db);
  const progress = progressRepository(db);
  const cohorts = cohortService(db);

  const enrolments = enrolmentService({ enrolments: enrolmentRepo, catalog, cohorts, clock });
  const completions = completionService({ progress, catalog, clock, enrolments, attempts: attemptRepo });
  const lessons = lessonService({ progress, catalog, clock, enrolments, onRead: (userId, courseId) => completions.record(userId, courseId) });
  const attempts = attemptService({
    attempts: attemptRepo,
    catalog,
    clock,
    enrolments,
    lessons,
    onPassed: async (userId, courseId) => {
      await completions.record(userId, courseId);
    },
  });
  const views = attemptViewService({ attempts, catalog, enrolments, lessons });
  const pages = coursePageService({ progress, catalog, clock, enrolments, completions, attempts: attemptRepo });
  const assignments = assignmentService({ enrolments: enrolmentRepo, catalog, cohorts, clock });

  return {
    services: { enrolments, completions, lessons, attempts, pages, assignments },
    routers(): Router[] {
      return [learningRoutes({ pages, enrolments, lessons, clock }), attemptRoutes({ attempts, views }), assignmentRoutes(assignments)];
    },
    /** Finishes expired attempts every interval; the timer never keeps the process alive. */
    startSweeper(intervalMs = SWEEP_INTERVAL_MS): () => void {
      let running = false;
      let marked = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        (marked ? Promise.resolve() : attempts.markOpenAttempts().then(() => void (marked = true)))
          .then(() => attempts.sweep())
          .catch((err: unknown) => logger.error({ err }, 'attempt sweep failed'))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type LearningFeature = ReturnType<typeof learningFeature>;
