// Builds the standards feature: the national standard in force and each teacher's standing.
import type { Connection } from 'mongoose';
import type { DirectoryService } from '../accounts/directory.service.ts';
import type { Clock } from '../clock.ts';
import type { CourseCatalogService } from '../courses/catalog.service.ts';
import { every, type Feature } from '../feature.ts';
import type { LearningFeature } from '../learning/learning.ts';
import type { Logger } from '../logger.ts';
import type { LearnerCache } from '../db/remembered.ts';
import { standardService } from './standard.service.ts';
import { standingService } from './standing.service.ts';
import { standardsRoutes } from './standards.routes.ts';

export const STANDINGS_SWEEP_MS = 60 * 60_000;

export interface StandardsDeps {
  db: Connection;
  clock: Clock;
  logger: Logger;
  directory: DirectoryService;
  /** learning's services: only its read face, `records`, is used */
  learning: Pick<LearningFeature['services'], 'records'>;
  catalog: Pick<CourseCatalogService, 'published' | 'courseIds'>;
  /** the certificates feature's serials, carried on each standing for exports (built after this feature) */
  certificates?: (userId: string, courseIds: readonly string[]) => Promise<Map<string, string>>;
  /** what this server remembers of each signed-in teacher (db/remembered.ts): their standing too */
  cache?: LearnerCache;
}

export function standardsServices(deps: StandardsDeps) {
  const { db, clock, catalog } = deps;
  const standard = standardService({ db, clock, courseCodes: async () => new Set((await catalog.published()).flatMap((v) => v.standards)) });
  const standings = standingService({
    db,
    clock,
    standard,
    sources: { directory: deps.directory, records: deps.learning.records, courseIds: () => catalog.courseIds(), ...(deps.certificates ? { certificates: deps.certificates } : {}) },
    ...(deps.cache ? { cache: deps.cache } : {}),
  });
  return { standard, standings };
}

export type StandardsServices = ReturnType<typeof standardsServices>;

export function standardsFeature(deps: StandardsDeps): Feature<StandardsServices> {
  const services = standardsServices(deps);
  const { logger } = deps;
  const admin = ['admin'] as const;
  return {
    name: 'standards',
    services,
    routers: () => [standardsRoutes({ ...services, logger })],
    accessRules: [{ path: '/admin/standard', methods: ['GET', 'POST'], who: admin, upload: true }],
    menu: [{ path: '/admin/standard', label: 'standards.nav', roles: ['admin'], order: 40 }],
    start() {
      // a standard uploaded while this server was down is applied, then time-driven changes are swept
      const pass = async () => {
        await services.standings.applyStandard();
        await services.standings.sweep();
      };
      const first = setTimeout(() => void pass().catch((err: unknown) => logger.error({ err }, 'standings sweep failed')), 5_000);
      first.unref();
      // hourly, rows that show a teacher as they were (a write of people the listener missed, in a
      // crash) are mended too: a scan of every user, not added to each start
      const hourly = async () => {
        await pass();
        await services.standings.reconcile();
      };
      const stop = every(STANDINGS_SWEEP_MS, hourly, (err) => logger.error({ err }, 'standings sweep failed'));
      return () => {
        clearTimeout(first);
        stop();
      };
    },
  };
}
