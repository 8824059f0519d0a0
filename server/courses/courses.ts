// Builds the course-package feature once from its dependencies; routes, the CLI and the start-up
// import all take their services from here.
import type { Connection } from 'mongoose';
import { systemClock, type Clock } from '../clock.ts';
import { activityService } from './activity.service.ts';
import { courseCatalogService } from './catalog.service.ts';
import { courseHistoryService } from './course-history.service.ts';
import { courseImportService } from './course-import.service.ts';
import { coursePreviewService } from './course-preview.service.ts';
import { coursePublishService } from './course-publish.service.ts';
import { courseDiffService } from './course-diff.service.ts';
import { courseRepository } from './course.repository.ts';
import { mediaRepository } from './media.repository.ts';

export function courseServices(db: Connection, clock: Clock = systemClock) {
  const courses = courseRepository(db);
  const media = mediaRepository(db);
  const catalog = courseCatalogService({ courses });
  return {
    catalog,
    courses,
    media,
    importer: courseImportService({ courses, media, clock }),
    publisher: coursePublishService({ courses, clock }),
    preview: coursePreviewService({ courses, catalog }),
    history: courseHistoryService({ courses }),
    diff: courseDiffService({ courses }),
    activities: activityService({ courses }),
  };
}

export type CourseServices = ReturnType<typeof courseServices>;
