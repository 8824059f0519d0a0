// Builds the learning feature once from its dependencies: repositories, services, routers and the
// sweeper that finishes attempts whose deadline passed while nobody was looking.
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger.ts';
import { cohortService, type CohortService } from '../accounts/cohort.service.ts';
import { directoryService, type DirectoryService } from '../accounts/directory.service.ts';
import type { Clock } from '../clock.ts';
import type { AccessRule, MenuEntry } from '../feature.ts';
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
import { learnerCache, type LearnerCache } from '../db/remembered.ts';
import { rememberedOffer } from './catalog-cache.ts';
import { stamps } from '../db/stamps.ts';
import { recordsService } from './records/records.service.ts';
import { historyService } from './records/history.service.ts';

export const SWEEP_INTERVAL_MS = 60_000;

// enrolment and ownership of attempts are checked by the services
export const learningAccess: readonly AccessRule[] = [
  { path: '/learn', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/catalogue', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/enrol', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId/read', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/quiz', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/courses/:courseId/modules/:moduleId/quiz/attempts', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/questions/:n', methods: ['GET'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/answers', methods: ['POST'], who: 'signed-in' },
  { path: '/learn/attempts/:attemptId/finish', methods: ['POST'], who: 'signed-in' },
  { path: '/admin/assignments', methods: ['GET', 'POST'], who: ['admin'] },
];

export const learningMenu: readonly MenuEntry[] = [
  { path: '/learn', label: 'nav.learning', roles: ['teacher'], order: 10 },
  { path: '/learn/catalogue', label: 'nav.catalogue', roles: ['teacher'], order: 11 },
  { path: '/admin/assignments', label: 'nav.assignments', roles: ['admin'], order: 12 },
];

export interface LearningDeps {
  db: Connection;
  clock: Clock;
  catalog: Catalog;
  logger: Logger;
  /** accounts' services (accounts.ts builds them once); built from `db` when left out */
  cohorts?: CohortService;
  directory?: DirectoryService;
  /** what this server remembers of signed-in users (app.ts builds one for all features); built here when left out */
  cache?: LearnerCache;
}

export function learningFeature(deps: LearningDeps) {
  const { db, clock, logger } = deps;
  // a learner's own documents are remembered per server while their stamp is unchanged (db/remembered.ts)
  const cache = deps.cache ?? learnerCache(stamps(db), () => clock.now().getTime());
  const catalog = rememberedOffer(deps.catalog, cache);
  const attemptRepo = attemptRepository(db, cache);
  const enrolmentRepo = enrolmentRepository(db, cache);
  const progress = progressRepository(db, cache);
  const accountCohorts = deps.cohorts ?? cohortService(db);
  // a teacher's own region, district and school change only with their account, which changes their stamp
  const cohorts: CohortService = { ...accountCohorts, cohortOf: (userId) => cache.read(userId, 'cohort', () => accountCohorts.cohortOf(userId)) };

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
  // the read face other features use (standings, reports, certificates)
  const records = recordsService({ db, completions, enrolments, directory: deps.directory ?? directoryService(db) });
  // bulk history for demo data (records/history.service.ts)
  const history = historyService({ db, catalog });

  return {
    services: { enrolments, completions, lessons, attempts, pages, assignments, records, history },
    name: 'learning',
    accessRules: learningAccess,
    menu: learningMenu,
    /** the attempt sweeper (below) */
    start: (): (() => void) => startSweeper(),
    routers(): Router[] {
      return [learningRoutes({ pages, enrolments, lessons, clock }), attemptRoutes({ attempts, views }), assignmentRoutes(assignments)];
    },
    startSweeper,
  };

  /** Finishes expired attempts every interval; the timer never keeps the process alive. */
  function startSweeper(intervalMs = SWEEP_INTERVAL_MS): () => void {
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
  }
}

export type LearningFeature = ReturnType<typeof learningFeature>;
