// Moves versions draft → published → retired. Each step is one guarded single-document update;
// their order is what makes two coordinators publishing at once end with exactly one published
// version, the newest:
//   1. point the course at V, only if V is newer than what it points at (the pointer only grows);
//   2. mark V published, only if it is still a draft;
//   3. retire the course's published versions older than V;
//   4. read the pointer again: if a newer version took it meanwhile, retire V.
// Whichever of two racing publishes runs step 1 last either sees its version older (and stops),
// or its step 3 retires the other; step 4 covers the other running step 2 after that step 3.
// Learners already enrolled keep the version they started; the pointer only decides new enrolments.
import type { Types } from 'mongoose';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { CourseVersionDoc, Person } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';

export function coursePublishService(deps: { courses: CourseRepository; clock: { now(): Date } }) {
  const { courses, clock } = deps;

  async function versionOf(courseId: string, versionId: string | Types.ObjectId): Promise<CourseVersionDoc> {
    const version = await courses.findVersion(versionId);
    if (!version || version.courseId !== courseId) throw new NotFoundError('courses.notFound');
    return version;
  }

  return {
    async publish(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const version = await versionOf(courseId, versionId);
      if (version.status !== 'draft') throw new ConflictError('courses.publish.notDraft', [], { version: version.version });
      const at = clock.now();
      if (!(await courses.movePublished(version))) throw new ConflictError('courses.publish.notNewer', [], { version: version.version });
      if (!(await courses.setStatus(version._id, ['draft'], 'published', by, at))) {
        await courses.clearPublished(courseId, version._id);
        throw new ConflictError('courses.publish.notDraft', [], { version: version.version });
      }
      await courses.retireOlderPublished(courseId, version.order, by, at);
      const course = await courses.findCourse(courseId);
      if (!course?.publishedVersionId?.equals(version._id)) await courses.setStatus(version._id, ['published'], 'retired', by, at);
      return version;
    },

    /** Retires a draft or the published version; new enrolments then have no version of this course. */
    async retire(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const version = await versionOf(courseId, versionId);
      if (!(await courses.setStatus(version._id, ['draft', 'published'], 'retired', by, clock.now()))) {
        throw new ConflictError('courses.retire.alreadyRetired', [], { version: version.version });
      }
      await courses.clearPublished(courseId, version._id);
      return version;
    },
  };
}

export type CoursePublishService = ReturnType<typeof coursePublishService>;
