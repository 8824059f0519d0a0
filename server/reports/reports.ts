// Builds the reports feature: the roster, its exports and their audit log, the dashboard and
// transcripts. It reads standings through the standards feature's service, courses through the
// catalogue and people through accounts' directory; nothing of theirs directly.
import type { Connection } from 'mongoose';
import type { DirectoryService } from '../accounts/directory.service.ts';
import type { Clock } from '../clock.ts';
import type { LearnerCache } from '../db/remembered.ts';
import type { CourseCatalogService } from '../courses/catalog.service.ts';
import type { Feature } from '../feature.ts';
import type { StandardsServices } from '../standards/standards.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { dashboardService } from './dashboard.service.ts';
import { exportAudit } from './export-audit.ts';
import { exportService } from './export.service.ts';
import { rosterRoutes } from './roster.routes.ts';
import { rosterService } from './roster.service.ts';
import { transcriptRoutes } from './transcript.routes.ts';
import { transcriptService } from './transcript.service.ts';

export interface ReportsDeps {
  db: Connection;
  clock: Clock;
  standards: StandardsServices;
  directory: Pick<DirectoryService, 'person'>;
  catalog: Pick<CourseCatalogService, 'published' | 'courseIds'>;
  /** reads of one teacher's documents remembered under their stamp (db/remembered.ts), for an admin's view of them */
  within?: LearnerCache['within'];
}

const COURSES_TTL_MS = 30_000;

export function reportsServices(deps: ReportsDeps) {
  const { standings, standard } = deps.standards;
  let courseCache: { at: number; value: Promise<{ courseId: string; title: Record<string, string> }[]> } | null = null;
  const courses = () => {
    if (!courseCache || Date.now() - courseCache.at > COURSES_TTL_MS) {
      courseCache = { at: Date.now(), value: deps.catalog.published().then((list) => list.map((v) => ({ courseId: v.courseId, title: v.title as Record<string, string> }))) };
      courseCache.value.catch(() => (courseCache = null));
    }
    return courseCache.value;
  };
  let idCache: { at: number; value: Promise<string[]> } | null = null;
  const courseIds = () => {
    if (!idCache || Date.now() - idCache.at > COURSES_TTL_MS) {
      idCache = { at: Date.now(), value: deps.catalog.courseIds() };
      idCache.value.catch(() => (idCache = null));
    }
    return idCache.value;
  };
  const roster = rosterService({ snapshot: () => standings.snapshot(), courseIds });
  const audit = exportAudit(deps.db);
  const exports = exportService({ roster, audit, clock: deps.clock });
  const dashboard = dashboardService({ roster, clock: deps.clock, courses });
  const transcripts = transcriptService({ standings, standard, directory: deps.directory, ...(deps.within ? { within: deps.within } : {}) });
  return { roster, audit, exports, dashboard, transcripts, courses };
}

export type ReportsServices = ReturnType<typeof reportsServices>;

export function reportsFeature(deps: ReportsDeps): Feature<ReportsServices> {
  const services = reportsServices(deps);
  const admin = ['admin'] as const;
  const get = ['GET'];
  return {
    name: 'reports',
    services,
    routers: () => [rosterRoutes(services), dashboardRoutes(services), transcriptRoutes(services)],
    // teachers and coordinators reach none of these but their own transcript (403 otherwise)
    accessRules: [
      { path: '/reports/roster', methods: ['GET', 'POST'], who: admin },
      { path: '/reports/roster.csv', methods: get, who: admin },
      { path: '/reports/roster.xlsx', methods: get, who: admin },
      { path: '/reports/dashboard', methods: get, who: admin },
      { path: '/reports/exports', methods: get, who: admin },
      { path: '/reports/teachers/:id', methods: get, who: admin },
      { path: '/reports/teachers/:id/transcript.pdf', methods: get, who: admin },
      { path: '/reports/teachers/:id/transcript.csv', methods: get, who: admin },
      { path: '/transcript', methods: get, who: 'signed-in' },
      { path: '/transcript.pdf', methods: get, who: 'signed-in' },
      { path: '/transcript.csv', methods: get, who: 'signed-in' },
    ],
    menu: [
      { path: '/transcript', label: 'reports.nav.transcript', roles: ['teacher'], order: 30 },
      { path: '/reports/roster', label: 'reports.nav.roster', roles: ['admin'], order: 41 },
      { path: '/reports/dashboard', label: 'reports.nav.dashboard', roles: ['admin'], order: 42 },
      { path: '/reports/exports', label: 'reports.nav.exports', roles: ['admin'], order: 43, scope: 'national' },
    ],
    start: () => () => undefined,
  };
}
