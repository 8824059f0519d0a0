import mongoose, { Types, type Connection } from 'mongoose';
import { completionModel, lessonProgressModel, type CompletionDoc, type LessonProgressDoc } from './progress.model.ts';

const { trusted } = mongoose;

export interface LessonKey {
  userId: string;
  courseId: string;
  moduleId: string;
  lessonId: string;
}

export function progressRepository(db: Connection) {
  const Lessons = lessonProgressModel(db);
  const Completions = completionModel(db);
  return {
    /** Records the first view of a lesson (later views keep the first time) and returns its progress. */
    async recordView(key: LessonKey, now: Date): Promise<LessonProgressDoc> {
      const filter = { ...key, userId: new Types.ObjectId(key.userId) };
      try {
        const doc = await Lessons.findOneAndUpdate(filter, { $setOnInsert: { firstViewedAt: now, readAt: null } }, { upsert: true, new: true }).lean<LessonProgressDoc>();
        if (doc) return doc;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err; // two first views raced: read the winner's
      }
      const doc = await Lessons.findOne(filter).lean<LessonProgressDoc>();
      if (!doc) throw new Error('lesson progress vanished');
      return doc;
    },
    /** Marks a lesson read, only if it was first viewed at least `minSeconds` before `now`. */
    async markRead(key: LessonKey, now: Date, minSeconds: number): Promise<boolean> {
      const viewedBy = new Date(now.getTime() - minSeconds * 1000);
      const result = await Lessons.updateOne({ ...key, readAt: null, firstViewedAt: trusted({ $lte: viewedBy }) }, { $set: { readAt: now } });
      return result.modifiedCount === 1;
    },
    find: (key: LessonKey): Promise<LessonProgressDoc | null> => Lessons.findOne(key).lean<LessonProgressDoc>(),
    listForCourse: (userId: string, courseId: string): Promise<LessonProgressDoc[]> => Lessons.find({ userId, courseId }).lean<LessonProgressDoc[]>(),
    listForUser: (userId: string): Promise<LessonProgressDoc[]> => Lessons.find({ userId }).lean<LessonProgressDoc[]>(),

    /** Stores the completion record once; a second call returns the first record. */
    async insertCompletion(completion: Omit<CompletionDoc, '_id'>): Promise<CompletionDoc> {
      try {
        return (await Completions.create({ ...completion, _id: new Types.ObjectId() })).toObject() as CompletionDoc;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        const existing = await Completions.findOne({ userId: completion.userId, courseId: completion.courseId }).lean<CompletionDoc>();
        if (!existing) throw err;
        return existing;
      }
    },
    findCompletion: (userId: string, courseId: string): Promise<CompletionDoc | null> => Completions.findOne({ userId, courseId }).lean<CompletionDoc>(),
    listCompletions: (userId: string): Promise<CompletionDoc[]> => Completions.find({ userId }).sort({ completedAt: -1 }).lean<CompletionDoc[]>(),
  };
}

export type ProgressRepository = ReturnType<typeof progressRepository>;
