// Lesson progress and completions, read and written by their derived ids (progress.model.ts).
// A progress write is a plain set by _id: marking a lesson read twice at once sets it read either way.
import mongoose, { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claim.ts';
import { noLearnerCache, type LearnerCache } from '../../db/remembered.ts';
import { completionId, completionModel, lessonProgressId, lessonProgressModel, type CompletionDoc, type LessonProgressDoc } from './progress.model.ts';

export interface LessonKey {
  userId: string;
  courseId: string;
  moduleId: string;
  lessonId: string;
}

const idOf = (k: LessonKey) => lessonProgressId(k.userId, k.courseId, k.moduleId, k.lessonId);

/** `cache` remembers a learner's progress within their own requests; every write here announces itself to it. */
export function progressRepository(db: Connection, cache: LearnerCache = noLearnerCache) {
  const Lessons = lessonProgressModel(db);
  const Completions = completionModel(db);

  const find = (key: LessonKey): Promise<LessonProgressDoc | null> => {
    const id = idOf(key);
    return cache.read(key.userId, `lesson_progress:${id}`, () => Lessons.findById(id).lean<LessonProgressDoc>());
  };
  const findCompletion = (userId: string, courseId: string): Promise<CompletionDoc | null> => {
    const id = completionId(userId, courseId);
    return cache.read(userId, `completions:${id}`, () => Completions.findById(id).lean<CompletionDoc>());
  };

  return {
    find,

    /** Records the first view of a lesson (later views keep the first time) and returns its progress. */
    async recordView(key: LessonKey, now: Date): Promise<LessonProgressDoc> {
      const existing = await find(key);
      if (existing) return existing;
      const doc = { _id: idOf(key), ...key, userId: new Types.ObjectId(key.userId), firstViewedAt: now, readAt: null };
      try {
        await Lessons.create(doc);
        await cache.changed(key.userId);
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        cache.forget(key.userId);
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
      await cache.changed(key.userId);
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
        await cache.changed(String(completion.userId));
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        cache.forget(String(completion.userId));
        const existing = await Completions.findById(doc._id).lean<CompletionDoc>();
        if (!existing) throw err;
        return existing;
      }
    },
    findCompletion,
    /** The user's completions of these courses, newest first, each read by its derived id. */
    async listCompletions(userId: string, courseIds: readonly string[]): Promise<CompletionDoc[]> {
      const found = await Promise.all(courseIds.map((c) => findCompletion(userId, c)));
      return found.filter((c): c is CompletionDoc => c !== null).sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime());
    },
    /** Completions recorded at or after `from`, in one scan (FerretDB filters nothing but `_id` by index): for sweeps. */
    completionsSince(from: Date): AsyncIterable<CompletionDoc> {
      return Completions.find({ completedAt: mongoose.trusted({ $gte: from }) }).lean<CompletionDoc[]>().cursor({ batchSize: 1000 }) as AsyncIterable<CompletionDoc>;
    },
  };
}

export type ProgressRepository = ReturnType<typeof progressRepository>;
