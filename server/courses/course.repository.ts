// Reads and single-document writes for courses and their versions. Every conditional write here
// is one atomic update guarded by its filter; the services say in which order they run them.
import mongoose, { type Connection, type Types } from 'mongoose';
import { courseLessonModel, courseQuizModel, type CourseLessonDoc, type CourseQuizDoc } from './course-content.model.ts';
import { courseModel, courseVersionModel, type CourseDoc, type CourseVersionDoc, type Person } from './course.model.ts';

const { trusted } = mongoose;

export type NewVersion = Omit<CourseVersionDoc, 'publishedAt' | 'publishedBy' | 'retiredAt' | 'retiredBy'>;
export type NewLesson = Omit<CourseLessonDoc, '_id'>;
export type NewQuiz = Omit<CourseQuizDoc, '_id'>;
export type VersionStatus = CourseVersionDoc['status'];

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

const objectId = /^[0-9a-f]{24}$/;

export function courseRepository(db: Connection) {
  const Courses = courseModel(db);
  const Versions = courseVersionModel(db);
  const Lessons = courseLessonModel(db);
  const Quizzes = courseQuizModel(db);

  return {
    listCourses: (): Promise<CourseDoc[]> => Courses.find().sort({ _id: 1 }).lean<CourseDoc[]>(),
    findCourse: (id: string): Promise<CourseDoc | null> => Courses.findById(id).lean<CourseDoc>(),

    findVersion(id: string | Types.ObjectId): Promise<CourseVersionDoc | null> {
      if (typeof id === 'string' && !objectId.test(id)) return Promise.resolve(null);
      return Versions.findById(id).lean<CourseVersionDoc>();
    },
    findVersionByHash: (contentHash: string): Promise<CourseVersionDoc | null> => Versions.findOne({ contentHash }).lean<CourseVersionDoc>(),
    findVersionByNumber: (courseId: string, version: string): Promise<CourseVersionDoc | null> => Versions.findOne({ courseId, version }).lean<CourseVersionDoc>(),
    latestVersion: (courseId: string): Promise<CourseVersionDoc | null> => Versions.findOne({ courseId }).sort({ order: -1 }).lean<CourseVersionDoc>(),
    listVersions: (courseId: string): Promise<CourseVersionDoc[]> => Versions.find({ courseId }).sort({ order: -1 }).lean<CourseVersionDoc[]>(),
    listAllVersions: (): Promise<CourseVersionDoc[]> => Versions.find().sort({ courseId: 1, order: -1 }).lean<CourseVersionDoc[]>(),

    findLesson: (versionId: Types.ObjectId, moduleId: string, lessonId: string): Promise<CourseLessonDoc | null> =>
      Lessons.findOne({ versionId, moduleId, lessonId }).lean<CourseLessonDoc>(),
    findQuiz: (versionId: Types.ObjectId, moduleId: string): Promise<CourseQuizDoc | null> => Quizzes.findOne({ versionId, moduleId }).lean<CourseQuizDoc>(),

    async insertContent(lessons: NewLesson[], quizzes: NewQuiz[]): Promise<void> {
      // One document per insert: each is its own atomic write, and a failure names the one that failed.
      for (const lesson of lessons) await Lessons.create(lesson);
      for (const quiz of quizzes) await Quizzes.create(quiz);
    },
    async removeContent(versionId: Types.ObjectId): Promise<void> {
      await Lessons.deleteMany({ versionId });
      await Quizzes.deleteMany({ versionId });
    },
    async insertVersion(version: NewVersion): Promise<void> {
      await Versions.create(version);
    },

    /** Creates the course record on its first version; later versions leave it as it is. */
    async ensureCourse(course: Pick<CourseDoc, '_id' | 'title' | 'description' | 'languages'>): Promise<void> {
      try {
        await Courses.updateOne({ _id: course._id }, { $setOnInsert: course }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // two first uploads raced; the other one created it
      }
    },

    /** Points new enrolments at a version, only if it is newer than the one they get now. */
    async movePublished(version: CourseVersionDoc): Promise<boolean> {
      const result = await Courses.updateOne(
        { _id: version.courseId, publishedOrder: trusted({ $lt: version.order }) },
        { $set: { publishedVersionId: version._id, publishedVersion: version.version, publishedOrder: version.order, title: version.title, description: version.description, languages: version.languages } },
      );
      return result.modifiedCount === 1;
    },
    /** Leaves new enrolments with no version, if they were getting this one. */
    async clearPublished(courseId: string, versionId: Types.ObjectId): Promise<void> {
      await Courses.updateOne({ _id: courseId, publishedVersionId: versionId }, { $set: { publishedVersionId: null, publishedVersion: null } });
    },

    async setStatus(id: Types.ObjectId, from: readonly VersionStatus[], to: VersionStatus, by: Person, at: Date): Promise<boolean> {
      const stamp = to === 'published' ? { publishedAt: at, publishedBy: by } : { retiredAt: at, retiredBy: by };
      const result = await Versions.updateOne({ _id: id, status: trusted({ $in: [...from] }) }, { $set: { status: to, ...stamp } });
      return result.modifiedCount === 1;
    },
    /** Retires, one document at a time, the published versions of a course older than `order`. */
    async retireOlderPublished(courseId: string, order: string, by: Person, at: Date): Promise<void> {
      const older = await Versions.find({ courseId, status: 'published', order: trusted({ $lt: order }) }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
      for (const { _id } of older) await Versions.updateOne({ _id, status: 'published' }, { $set: { status: 'retired', retiredAt: at, retiredBy: by } });
    },
  };
}

export type CourseRepository = ReturnType<typeof courseRepository>;
