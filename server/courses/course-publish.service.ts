// Moves versions draft → published → retired by inserting release events (see release-state.ts
// for how status is derived from them). Each action is one insert under a unique index, so two
// coordinators pressing "publish" at once cannot leave two versions published, and a version is
// published or retired at most once. Learners already enrolled keep the version they started;
// the published version only decides what new enrolments get.
import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { CourseVersionDoc, Person } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import { courseState } from './release-state.ts';

export function coursePublishService(deps: { courses: CourseRepository; clock: Clock }) {
  const { courses, clock } = deps;

  async function load(courseId: string, versionId: string | Types.ObjectId) {
    const version = await courses.findVersion(versionId);
    if (!version || version.courseId !== courseId) throw new NotFoundError('courses.notFound');
    return { version, state: courseState(await courses.listReleases(courseId)) };
  }

  function event(version: CourseVersionDoc, action: 'publish' | 'retire', by: Person) {
    return { courseId: version.courseId, versionId: version._id, version: version.version, order: version.order, action, at: clock.now(), by };
  }

  return {
    async publish(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const { version, state } = await load(courseId, versionId);
      if (state.of(version._id).status !== 'draft') throw new ConflictError('courses.publish.notDraft', [], { version: version.version });
      // The published version only moves forward; an older draft can no longer be published.
      if (version.order <= state.highestPublishedOrder) throw new ConflictError('courses.publish.notNewer', [], { version: version.version });
      if (!(await courses.insertRelease(event(version, 'publish', by)))) throw new ConflictError('courses.publish.notDraft', [], { version: version.version });
      return version;
    },

    /** Retires a draft or the published version; new enrolments then get no version of this course. */
    async retire(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const { version, state } = await load(courseId, versionId);
      if (state.of(version._id).status === 'retired' || !(await courses.insertRelease(event(version, 'retire', by)))) {
        throw new ConflictError('courses.retire.alreadyRetired', [], { version: version.version });
      }
      return version;
    },

    /**
     * Deletes a draft that was never published. The race with a publish is decided by an insert: a
     * retire event is claimed first (a publish then finds the version retired), and if a publish
     * event got in before it, the version is kept, retired, and the caller is told.
     */
    async deleteDraft(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const { version, state } = await load(courseId, versionId);
      if (state.of(version._id).status !== 'draft') throw new ConflictError('ux.deleteDraft.notDraft', [], { version: version.version });
      await courses.insertRelease(event(version, 'retire', by));
      const releases = await courses.listReleases(courseId);
      if (releases.some((r) => String(r.versionId) === String(version._id) && r.action === 'publish')) {
        throw new ConflictError('ux.deleteDraft.published', [], { version: version.version });
      }
      await courses.deleteVersion(version._id);
      return version;
    },
  };
}

export type CoursePublishService = ReturnType<typeof coursePublishService>;
