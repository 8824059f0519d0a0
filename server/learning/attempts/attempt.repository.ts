// Attempt reads and single-document conditional writes. Each write names in its filter every
// condition it depends on, so a stale, late or concurrent request matches nothing and changes
// nothing; the service then reads the attempt to say why.
import mongoose, { Types, type Connection } from 'mongoose';
import type { Answers } from '../quiz/quiz-types.ts';
import type { Grade } from '../quiz/grade.ts';
import { attemptModel, type AttemptDoc } from './attempt.model.ts';

const { trusted } = mongoose;

export type NewAttempt = Omit<AttemptDoc, '_id' | 'finishedAt' | 'finishedBy' | 'score' | 'passed' | 'results' | 'state' | 'answers' | 'seq'>;

export type AttemptSummary = Pick<AttemptDoc, 'courseId' | 'moduleId' | 'passed' | 'score' | 'finishedAt'>;

const objectId = /^[0-9a-f]{24}$/;

export function attemptRepository(db: Connection) {
  const Attempts = attemptModel(db);
  return {
    findById(id: string): Promise<AttemptDoc | null> {
      if (!objectId.test(id)) return Promise.resolve(null);
      return Attempts.findById(id).lean<AttemptDoc>();
    },
    listForQuiz: (userId: string, quizKey: string): Promise<AttemptDoc[]> => Attempts.find({ userId, quizKey }).sort({ number: 1 }).lean<AttemptDoc[]>(),
    listForCourse: (userId: string, courseId: string): Promise<AttemptSummary[]> =>
      Attempts.find({ userId, courseId }, { courseId: 1, moduleId: 1, passed: 1, score: 1, finishedAt: 1 }).lean<AttemptSummary[]>(),
    /** Every attempt of a user, without its questions and answers: for progress on the dashboard. */
    listStates: (userId: string): Promise<AttemptSummary[]> =>
      Attempts.find({ userId }, { courseId: 1, moduleId: 1, passed: 1, score: 1, finishedAt: 1 }).lean<AttemptSummary[]>(),

    /** Inserts a new attempt; null if that (user, quiz, number) exists already (a racing start). */
    async insert(attempt: NewAttempt): Promise<AttemptDoc | null> {
      try {
        const doc = await Attempts.create({ ...attempt, _id: new Types.ObjectId(), state: 'in_progress', answers: {}, seq: 0 });
        return doc.toObject() as AttemptDoc;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return null;
        throw err;
      }
    },

    /** Saves answers if the attempt is the user's, open, at `seq`, and before its deadline. */
    async saveAnswers(id: Types.ObjectId, userId: string, seq: number, now: Date, answers: Answers): Promise<boolean> {
      const set: Record<string, unknown> = {};
      for (const [questionId, answer] of Object.entries(answers)) set[`answers.${questionId}`] = answer;
      const result = await Attempts.updateOne(
        { _id: id, userId, state: 'in_progress', seq, deadline: trusted({ $gt: now }) },
        { $set: set, $inc: { seq: 1 } },
      );
      return result.modifiedCount === 1;
    },

    /** Moves an open attempt at `seq` to finished with its grade; false if anything changed first. */
    async finish(id: Types.ObjectId, seq: number, grade: Grade, at: Date, by: 'learner' | 'deadline'): Promise<boolean> {
      const result = await Attempts.updateOne(
        { _id: id, state: 'in_progress', seq },
        { $set: { state: 'finished', finishedAt: at, finishedBy: by, score: grade.score, passed: grade.passed, results: grade.results } },
      );
      return result.modifiedCount === 1;
    },

    /** Open attempts whose deadline has passed, oldest first. */
    findExpired: (now: Date, limit: number): Promise<AttemptDoc[]> =>
      Attempts.find({ state: 'in_progress', deadline: trusted({ $lte: now }) }).sort({ deadline: 1 }).limit(limit).lean<AttemptDoc[]>(),
  };
}

export type AttemptRepository = ReturnType<typeof attemptRepository>;
