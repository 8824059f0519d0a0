// Course content's ids as they appear in URLs, in the very shapes the package validator allows
// (package/course.schema.ts): slugs for a course, its modules, lessons and activities; ObjectIds for
// stored versions and media files. The learning and certificates routes take theirs from here too.
import { objectIdParam, paramKind } from '../http/params.ts';
import { courseSchema } from './package/course.schema.ts';

const moduleSchema = courseSchema.properties.modules.items;

export const courseParams = {
  courseId: paramKind(courseSchema.properties.id),
  moduleId: paramKind(moduleSchema.properties.id),
  lessonId: paramKind(moduleSchema.properties.lessons.items.properties.id),
  activityId: paramKind(moduleSchema.properties.activities.items.properties.id),
  versionId: objectIdParam(),
  fileId: objectIdParam(),
} as const;
