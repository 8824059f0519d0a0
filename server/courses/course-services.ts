// The course-package services, built once from the connection: what routes, the CLI, the start-up
// import and other features call. Services only: the repositories stay inside.
import type { Connection } from 'mongoose';
import { systemClock, type Clock } from '../clock.ts';
import { activityService } from './activity.service.ts';
import { courseCatalogService } from './catalog.service.ts';
import { courseHistoryService } from './course-history.service.ts';
import { courseImportService } from './course-import.service.ts';
import { coursePreviewService } from './course-preview.service.ts';
import { coursePublishService } from './course-publish.service.ts';
import { courseDiffService } from './course-diff.service.ts';
import { mediaService } from './media.service.ts';
import { courseRepository } from './course.repository.ts';
import { courseListings, unremembered, type CatalogReads } from './course-listings.ts';
import { mediaRepository } from './media.repository.ts';

/** `cache` remembers the coordinator's listings under the catalogue's stamp (app.ts gives the server's). */
export function courseServices(db: Connection, clock: Clock = systemClock, cache: CatalogReads = unremembered) {
  const courses = courseRepository(db);
  const listings = courseListings(courses, cache);
  const media = mediaRepository(db);
  const catalog = courseCatalogService({ courses });
  return {
    catalog,
    importer: courseImportService({ courses, media, clock }),
    publisher: coursePublishService({ courses, clock }),
    preview: coursePreviewService({ courses, catalog, listings }),
    history: courseHistoryService({ listings }),
    diff: courseDiffService({ courses }),
    activities: activityService({ courses }),
    media: mediaService({ media, catalog }),
  };
}

export type CourseServices = ReturnType<typeof courseServices>;

