// Builds the course-package feature once from its dependencies: its services (course-services.ts,
// which the CLI and the start-up import also use), the coordinator and media routers, who may
// reach them, the menu entry and the hourly sweep of content that crashed imports left behind.
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import { every, type AccessRule, type Feature, type MenuEntry } from '../feature.ts';
import type { Logger } from '../logger.ts';
import { sweepAbandonedContent } from './content-sweep.ts';
import { coordinatorRoutes, type EnrolledCount } from './coordinator.routes.ts';
import { courseServices, type CourseServices } from './course-services.ts';
import { courseRepository } from './course.repository.ts';
import type { CatalogReads } from './course-listings.ts';
import { mediaRepository } from './media.repository.ts';
import { mediaRoutes } from './media.routes.ts';

export { courseServices, type CourseServices };

/** How often content of abandoned imports is looked for. */
export const CONTENT_SWEEP_MS = 60 * 60 * 1000;

const staff = ['coordinator', 'admin'] as const;
// courses are published and retired for the whole country: coordinators and national admins only
// (only a national admin may make someone a coordinator, admin-users.service.ts)
const national = 'national';

export const coursesAccess: readonly AccessRule[] = [
  { path: '/coordinator/courses', who: staff, scope: national },
  { path: '/coordinator/courses/upload', who: staff, scope: national, upload: true },
  { path: '/coordinator/courses/:courseId', who: staff, scope: national },
  { path: '/coordinator/courses/:courseId/diff', methods: ['GET'], who: staff, scope: national },
  { path: '/coordinator/courses/:courseId/versions/:versionId', who: staff, scope: national },
  { path: '/coordinator/courses/:courseId/versions/:versionId/*', who: staff, scope: national },
  { path: '/media/:fileId', who: 'signed-in' },
];

export const coursesMenu: readonly MenuEntry[] = [{ path: '/coordinator/courses', label: 'nav.courses', roles: ['coordinator', 'admin'], order: 13, scope: national }];

/** Deletes course content a crashed import left behind (content-sweep.ts). */
export async function sweepCourseContent(db: Connection, now: Date, logger?: Logger): Promise<void> {
  const swept = await sweepAbandonedContent({ courses: courseRepository(db), media: mediaRepository(db) }, now);
  if (swept.versions || swept.files) logger?.info(swept, 'removed content of abandoned course imports');
}

export interface CoursesDeps {
  db: Connection;
  clock: Clock;
  logger: Logger;
  /** how many teachers are enrolled in a version (learning's enrolment service), shown before a retire */
  enrolledCount: EnrolledCount;
  /** the server's remembered reads: the coordinator's listings are kept under the catalogue's stamp */
  cache?: CatalogReads;
}

export function coursesFeature(deps: CoursesDeps): Feature<CourseServices> {
  const { db, clock, logger } = deps;
  const services = courseServices(db, clock, deps.cache);
  return {
    name: 'courses',
    services,
    routers: () => [coordinatorRoutes(services, deps.enrolledCount, logger), mediaRoutes(services.media)],
    accessRules: coursesAccess,
    menu: coursesMenu,
    start: () => every(CONTENT_SWEEP_MS, () => sweepCourseContent(db, clock.now(), logger), (err) => logger.warn({ err }, 'course content sweep failed')),
  };
}
