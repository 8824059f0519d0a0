// Reads and writes for courses, their versions and release events. Every write is an insert (or a
// delete of what an insert that lost its race left behind): on FerretDB 1.x only inserts under
// unique indexes are atomic when requests race.
import type { Connection, Types } from 'mongoose';
import { insertOnce, isDuplicateKey } from '../db/claim.ts';
import { CATALOG_STAMP, stamps } from '../db/stamps.ts';
import { activityDocId, courseActivityModel, courseLessonModel, courseQuizModel, type CourseActivityDoc, type CourseLessonDoc, type CourseQuizDoc } from './course-content.model.ts';
import { courseModel, courseVersionModel, type CourseDoc, type CourseVersionDoc } from './course.model.ts';
import { courseReleaseModel, dropLegacyReleaseIndex, releaseId, type CourseReleaseDoc } from './course-release.model.ts';

export type NewVersion = CourseVersionDoc;
/** A release event; `seq` is its number in the version's sequence (release-state.ts). */
export type NewRelease = Omit<CourseReleaseDoc, '_id' | 'seq'> & { seq: number };

// One drop of the old `{versionId, action}` index per connection, started with the first
// repository (at start); every release insert waits for it, and a failed drop is tried again.
const legacyIndexDropped = new WeakMap<Connection, Promise<unknown>>();
function legacyIndexGone(db: Connection): Promise<unknown> {
  let pending = legacyIndexDropped.get(db);
  if (!pending) {
    pending = dropLegacyReleaseIndex(db).catch((err: unknown) => {
      legacyIndexDropped.delete(db);
      throw err;
    });
    legacyIndexDropped.set(db, pending);
  }
  return pending;
}
export type NewLesson = Omit<CourseLessonDoc, '_id'>;
export type NewQuiz = Omit<CourseQuizDoc, '_id'>;
export type NewActivity = Omit<CourseActivityDoc, '_id'>;

const objectId = /^[0-9a-f]{24}$/;

export function courseRepository(db: Connection) {
  const Courses = courseModel(db);
  const Versions = courseVersionModel(db);
  const Lessons = courseLessonModel(db);
  const Quizzes = courseQuizModel(db);
  const Activities = courseActivityModel(db);
  const Releases = courseReleaseModel(db);
  const offered = stamps(db);
  if (db.readyState === 1) legacyIndexGone(db).catch(() => undefined); // retried by the first insert

  return {
    listCourses: (): Promise<CourseDoc[]> => Courses.find().sort({ _id: 1 }).lean<CourseDoc[]>(),

    findVersion(id: string | Types.ObjectId): Promise<CourseVersionDoc | null> {
      if (typeof id === 'string' && !objectId.test(id)) return Promise.resolve(null);
      return Versions.findById(id).lean<CourseVersionDoc>();
    },
    findVersionByHash: (contentHash: string): Promise<CourseVersionDoc | null> => Versions.findOne({ contentHash }).lean<CourseVersionDoc>(),
    findVersionByNumber: (courseId: string, version: string): Promise<CourseVersionDoc | null> => Versions.findOne({ courseId, version }).lean<CourseVersionDoc>(),
    latestVersion: (courseId: string): Promise<CourseVersionDoc | null> => Versions.findOne({ courseId }).sort({ order: -1 }).lean<CourseVersionDoc>(),
    listAllVersions: (): Promise<CourseVersionDoc[]> => Versions.find().sort({ courseId: 1, order: -1 }).lean<CourseVersionDoc[]>(),

    findLesson: (versionId: Types.ObjectId, moduleId: string, lessonId: string): Promise<CourseLessonDoc | null> =>
      Lessons.findOne({ versionId, moduleId, lessonId }).lean<CourseLessonDoc>(),
    findQuiz: (versionId: Types.ObjectId, moduleId: string): Promise<CourseQuizDoc | null> => Quizzes.findOne({ versionId, moduleId }).lean<CourseQuizDoc>(),

    findActivity: (versionId: Types.ObjectId | string, activityId: string): Promise<CourseActivityDoc | null> =>
      Activities.findById(activityDocId(versionId, activityId)).lean<CourseActivityDoc>(),

    async insertContent(lessons: NewLesson[], quizzes: NewQuiz[], activities: NewActivity[] = []): Promise<void> {
      // One document per insert: each is its own atomic write, and a failure names the one that failed.
      for (const lesson of lessons) await Lessons.create(lesson);
      for (const quiz of quizzes) await Quizzes.create(quiz);
      for (const activity of activities) await Activities.create({ _id: activityDocId(activity.versionId, activity.activityId), ...activity });
    },
    async removeContent(versionId: Types.ObjectId): Promise<void> {
      await Lessons.deleteMany({ versionId });
      await Quizzes.deleteMany({ versionId });
      await Activities.deleteMany({ versionId });
    },
    /** Ids of every stored version: what content may belong to. */
    async versionIds(): Promise<Set<string>> {
      return new Set((await Versions.find({}, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((v) => String(v._id)));
    },
    /** The versions that lessons, quizzes and activity templates say they belong to. */
    async contentVersionIds(): Promise<Set<string>> {
      const [lessons, quizzes, activities] = await Promise.all([Lessons.distinct('versionId'), Quizzes.distinct('versionId'), Activities.distinct('versionId')]);
      return new Set([...lessons, ...quizzes, ...activities].map(String));
    },
    async insertVersion(version: NewVersion): Promise<void> {
      await Versions.create(version);
      // a draft is offered to no learner, but the coordinator's listings show it (course-listings.ts)
      await offered.change(CATALOG_STAMP);
    },

    /** Creates the course record with its first version; later versions leave it as it is. */
    async ensureCourse(course: Pick<CourseDoc, '_id' | 'title' | 'description' | 'languages'>): Promise<void> {
      try {
        await Courses.create(course);
        await offered.change(CATALOG_STAMP);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // it exists already, or a racing first upload created it
      }
    },

    listReleases: (courseId: string): Promise<CourseReleaseDoc[]> => Releases.find({ courseId }).sort({ at: 1 }).lean<CourseReleaseDoc[]>(),
    listAllReleases: (): Promise<CourseReleaseDoc[]> => Releases.find().lean<CourseReleaseDoc[]>(),

    /** Deletes a version document and its lessons, quizzes and activities (its images go with the content sweep). */
    async deleteVersion(versionId: Types.ObjectId): Promise<void> {
      await Versions.deleteOne({ _id: versionId });
      await offered.change(CATALOG_STAMP);
      await Lessons.deleteMany({ versionId });
      await Quizzes.deleteMany({ versionId });
      await Activities.deleteMany({ versionId });
    },

    /**
     * Records a version's event number `release.seq`; false if that number is taken (a racing
     * request inserted it first, with whatever action).
     */
    async insertRelease(release: NewRelease): Promise<boolean> {
      await legacyIndexGone(db);
      const inserted = await insertOnce(Releases, { _id: releaseId(release.versionId, release.seq), ...release });
      // what learners are offered changed: every server forgets the catalogue it remembers
      if (inserted) await offered.change(CATALOG_STAMP);
      return inserted;
    },
  };
}

export type CourseRepository = ReturnType<typeof courseRepository>;
