// Moves versions draft → published → retired → published again … by inserting release events
// (see release-state.ts for how status is derived from them). Each step claims the version's next
// event number by an insert under a derived `_id`, so of two requests racing on one version exactly
// one writes an event; the other reads what won. Repeating a step that has already happened (a
// double-posted form, two coordinators pressing "publish" at once) changes nothing and succeeds,
// so the second post lands where the first did. Learners already enrolled keep the version they
// started; the published version only decides what new enrolments get.
import type { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { CourseVersionDoc, Person } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import { courseState, type CourseState, type VersionState } from './release-state.ts';

type Action = 'publish' | 'retire';
/** What a step decides from the state it read: nothing to do, or the event to claim. */
type Decision = 'done' | Action;

// A claim lost to a racing request is decided again on what won; a few rounds settle any race.
const ROUNDS = 3;

export function coursePublishService(deps: { courses: CourseRepository; clock: Clock }) {
  const { courses, clock } = deps;

  async function load(courseId: string, versionId: string | Types.ObjectId) {
    const version = await courses.findVersion(versionId);
    if (!version || version.courseId !== courseId) throw new NotFoundError('courses.notFound');
    return { version, state: courseState(await courses.listReleases(courseId)) };
  }

  /** Reads, decides and claims the next event until a claim wins or nothing is left to do. */
  async function step(courseId: string, versionId: string | Types.ObjectId, by: Person, decide: (v: VersionState, state: CourseState, version: CourseVersionDoc) => Decision) {
    for (let round = 0; round < ROUNDS; round++) {
      const { version, state } = await load(courseId, versionId);
      const own = state.of(version._id);
      const action = decide(own, state, version);
      if (action === 'done') return { version, changed: false };
      const event = { courseId: version.courseId, versionId: version._id, version: version.version, order: version.order, action, seq: own.events + 1, at: clock.now(), by };
      if (await courses.insertRelease(event)) return { version, changed: true };
    }
    throw new ConflictError('courses.release.busy');
  }

  return {
    /** Publishes a draft, or publishes a retired version again; publishing a published version changes nothing. */
    async publish(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const { version } = await step(courseId, versionId, by, (own, state, v) => {
        if (own.status === 'published') return 'done';
        if (own.status === 'retired' && !own.everPublished) throw new ConflictError('courses.publish.retiredDraft', [], { version: v.version });
        // The published version only moves forward; an older version can no longer be published.
        if (v.order < state.highestPublishedOrder) throw new ConflictError('courses.publish.notNewer', [], { version: v.version });
        return 'publish';
      });
      return version;
    },

    /** Retires a draft or the published version; new enrolments then get no version of this course. Retiring a retired version changes nothing. */
    async retire(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc> {
      const { version } = await step(courseId, versionId, by, (own) => (own.status === 'retired' ? 'done' : 'retire'));
      return version;
    },

    /**
     * Deletes a draft that was never published. The race with a publish is decided by an insert:
     * the delete claims the draft's first event with a retire (a publish then finds it retired
     * unpublished, which cannot be published); if a publish claimed it first, nothing is deleted.
     */
    async deleteDraft(courseId: string, versionId: string | Types.ObjectId, by: Person): Promise<CourseVersionDoc | null> {
      // a second post of the same delete (a double tap, the back button): the version is gone and
      // its retire event stays, so the coordinator lands where the first post did
      if (!(await courses.findVersion(versionId)) && (await courses.listReleases(courseId)).some((e) => String(e.versionId) === String(versionId))) return null;
      const { version, state } = await load(courseId, versionId);
      if (state.of(version._id).status !== 'draft') throw new ConflictError('ux.deleteDraft.notDraft', [], { version: version.version });
      await step(courseId, versionId, by, (now) => {
        if (now.everPublished) throw new ConflictError('ux.deleteDraft.published', [], { version: version.version });
        return now.status === 'retired' ? 'done' : 'retire';
      });
      await courses.deleteVersion(version._id);
      return version;
    },
  };
}

export type CoursePublishService = ReturnType<typeof coursePublishService>;
