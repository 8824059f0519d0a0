// Lesson progress and completions, read and written by their derived ids (progress.model.ts).
// A progress write is a plain set by _id: marking a lesson read twice at once sets it read either way.
import mongoose, { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claim.ts';
import { completionId, completionModel, lessonProgressId, lessonProgressModel, type CompletionDoc, type LessonProgressDoc } from './progress.model.ts';

export interface LessonKey {
  userId: string;
  courseId: string;
  moduleId: string;
  lessonId: string;
}

const idOf = (k: LessonKey) => lessonProgressId(k.userId, k.courseId, k.moduleId, k.lessonId);

export function progressRepository(db: Connection) {
  const Lessons = lessonProgressModel(db);
  const Completions = completionModel(db);

  const find = (key: LessonKey): Promise<LessonProgressDoc | null> => Lessons.findById(idOf(key)).lean<LessonProgressDoc>();

  return {
    find,

    /** Records the first view of a lesson (later views keep the first time) and returns its progress. */
    async recordView(key: LessonKey, now: Date): Promise<LessonProgressDoc> {
      const existing = await find(key);
      if (existing) return existing;
      const doc = { _id: idOf(key), ...key, userId: new Types.ObjectId(key.userId), firstViewedAt: now, readAt: null };
      try {
        await Lessons.create(doc);
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const raced = await find(key); // two first views raced: the first one's time counts
        if (!raced) throw err;
        return raced;
      }
    },

    /**
     * Marks a lesson read, only if `minSeconds` have passed since it was first viewed, and since
     * `notBefore` (when the lesson before it was read: reading time counts in sequence).
     */
    async markRead(key: LessonKey, now: Date, minSeconds: number, notBefore?: Date): Promise<boolean> {
      const state = await find(key);
      const start = Math.max(state?.firstViewedAt.getTime() ?? Infinity, notBefore?.getTime() ?? 0);
      if (!state || state.readAt || start > now.getTime() - minSeconds * 1000) return false;
      await Lessons.updateOne({ _id: idOf(key) }, { $set: { readAt: now } });
      return true;
    },

    /** The progress of the given lessons, by id. */
    async listLessons(userId: string, courseId: string, lessons: readonly { moduleId: string; lessonId: string }[]): Promise<LessonProgressDoc[]> {
      const found = await Promise.all(lessons.map((l) => find({ userId, courseId, ...l })));
      return found.filter((d): d is LessonProgressDoc => d !== null);
    },

    /** Stores the completion record once; a second call returns the first record. */
    async insertCompletion(completion: Omit<CompletionDoc, '_id'>): Promise<CompletionDoc> {
      const doc = { ...completion, _id: completionId(String(completion.userId), completion.courseId) };
      try {
        await Completions.create(doc);
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Completions.findById(doc._id).lean<CompletionDoc>();
        if (!existing) throw err;
        return existing;
      }
    },
    findCompletion: (userId: string, courseId: string): Promise<CompletionDoc | null> => Completions.findById(completionId(userId, courseId)).lean<CompletionDoc>(),
    /** The user's completions of these courses, newest first, each read by its derived id. */
    async listCompletions(userId: string, courseIds: readonly string[]): Promise<CompletionDoc[]> {
      const found = await Promise.all(courseIds.map((c) => Completions.findById(completionId(userId, c)).lean<CompletionDoc>()));
      return found.filter((c): c is CompletionDoc => c !== null).sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime());
    },
    /** Completions recorded at or after `from`, in one scan (FerretDB filters nothing but `_id` by index): for sweeps. */
    completionsSince(from: Date): AsyncIterable<CompletionDoc> {
      return Completions.find({ completedAt: mongoose.trusted({ $gte: from }) }).lean<CompletionDoc[]>().cursor({ batchSize: 1000 }) as AsyncIterable<CompletionDoc>;
    },
  };
}

export type ProgressRepository = ReturnType<typeof progressRepository>;
