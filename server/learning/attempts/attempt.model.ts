// One attempt at a module's quiz: what was drawn (questions, option order and the tokens the browser
// sees) and the server deadline, which never change; and a projection of its log (state, answers,
// seq, grade) kept for fast reads.
//
// Why a log: FerretDB 1.24 (SQLite) runs an update as read → modify in Go → write the whole
// document, outside any transaction, so two "conditional" updates of one document can both match
// and the later write silently drops the earlier one (measured: 10 racing updateOne({_id, seq: 0})
// all report success). Inserts, though, are atomic against unique indexes. So every change to an
// attempt is an insert of an AttemptEntry whose _id is `<attempt id>:<seq>`: exactly one request can
// claim each seq, and the entries, read in seq order, are the attempt's truth. The projection
// here may lag behind them; readers catch up (attempt.service.ts). While the attempt is open, the
// projection is written to its small AttemptProgress document instead (below); the attempt itself
// is written again only when it finishes.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Answers, DrawnQuestion } from '../quiz/quiz-types.ts';
import type { QuestionResult } from '../quiz/grade.ts';

export type AttemptState = 'in_progress' | 'finished';

export interface AttemptDoc {
  /** derived from (user, quiz, number): 24 hex characters */
  _id: string;
  userId: Types.ObjectId;
  courseId: string;
  versionId: string;
  moduleId: string;
  /** `<courseId>:<moduleId>`: attempts count per course module, whatever the version */
  quizKey: string;
  number: number;
  seed: string;
  questions: DrawnQuestion[];
  startedAt: Date;
  deadline: Date;
  state: AttemptState;
  answers: Answers;
  /** the number of log entries applied; a post must name the current value */
  seq: number;
  finishedAt: Date | null;
  finishedBy: 'learner' | 'deadline' | null;
  score: number | null;
  passed: boolean | null;
  passMark: number;
  results: QuestionResult[];
}

const attemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    courseId: { type: String, required: true },
    versionId: { type: String, required: true },
    moduleId: { type: String, required: true },
    quizKey: { type: String, required: true },
    number: { type: Number, required: true },
    seed: { type: String, required: true },
    questions: { type: [Schema.Types.Mixed], required: true },
    startedAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    state: { type: String, enum: ['in_progress', 'finished'], required: true },
    answers: { type: Schema.Types.Mixed, default: () => ({}) },
    seq: { type: Number, required: true, default: 0 },
    finishedAt: { type: Date, default: null },
    finishedBy: { type: String, enum: ['learner', 'deadline', null], default: null },
    score: { type: Number, default: null },
    passed: { type: Boolean, default: null },
    passMark: { type: Number, required: true },
    results: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'attempts', minimize: false },
);

attemptSchema.index({ userId: 1, quizKey: 1, number: 1 }, { unique: true });

/** One claimed seq of an attempt: the answers saved by one post, or the finish with its grade. */
export interface AttemptEntryDoc {
  /** `<attempt id>:<seq>`, the claim itself */
  _id: string;
  attemptId: string;
  seq: number;
  kind: 'answers' | 'finish';
  at: Date;
  answers?: Answers;
  finishedBy?: 'learner' | 'deadline';
  score?: number;
  passed?: boolean;
  results?: QuestionResult[];
}

const entrySchema = new Schema(
  {
    _id: { type: String, required: true },
    attemptId: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, enum: ['answers', 'finish'], required: true },
    at: { type: Date, required: true },
    answers: { type: Schema.Types.Mixed },
    finishedBy: { type: String, enum: ['learner', 'deadline'] },
    score: { type: Number },
    passed: { type: Boolean },
    results: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'attempt_entries', minimize: false },
);
entrySchema.index({ attemptId: 1, seq: 1 }, { unique: true });

/**
 * An attempt that may still be open, with its deadline: written before the attempt itself and
 * deleted after its finish is projected. The sweeper reads this small collection instead of
 * filtering every attempt ever made by state and deadline, which FerretDB would do by decoding
 * them all. A marker left by a crash is harmless: the sweeper finds its attempt finished, or
 * missing, and deletes it.
 */
export interface OpenAttemptDoc {
  /** the attempt's _id */
  _id: string;
  deadline: Date;
}

const openSchema = new Schema({ _id: { type: String, required: true }, deadline: { type: Date, required: true } }, { collection: 'open_attempts' });

/**
 * An open attempt's answers as of `seq`: where a server that has not seen the attempt starts
 * reading its log, so that it reads a few entries, not every one. Written every few saves
 * (attempt.service.ts) instead of the attempt itself: FerretDB rewrites a whole document on an
 * update, and an attempt's drawn questions make it several times the size of this one, and its
 * update several times the cost (docs/performance.md). Only a hint: two servers may write it out
 * of order, which costs a reader a longer log, never a wrong state, as `seq` and `answers` are
 * written together. Deleted with the open marker once the finish is projected onto the attempt.
 */
export interface AttemptProgressDoc {
  /** the attempt's _id */
  _id: string;
  seq: number;
  answers: Answers;
}

const progressSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true }, answers: { type: Schema.Types.Mixed } }, { collection: 'attempt_progress', minimize: false });

export function registerAttemptModel(conn: Connection): void {
  if (!conn.models.Attempt) conn.model('Attempt', attemptSchema);
  if (!conn.models.AttemptEntry) conn.model('AttemptEntry', entrySchema);
  if (!conn.models.OpenAttempt) conn.model('OpenAttempt', openSchema);
  if (!conn.models.AttemptProgress) conn.model('AttemptProgress', progressSchema);
}

export function attemptProgressModel(conn: Connection): Model<AttemptProgressDoc> {
  return conn.model('AttemptProgress') as Model<AttemptProgressDoc>;
}

export function openAttemptModel(conn: Connection): Model<OpenAttemptDoc> {
  return conn.model('OpenAttempt') as Model<OpenAttemptDoc>;
}

export function attemptEntryModel(conn: Connection): Model<AttemptEntryDoc> {
  return conn.model('AttemptEntry') as Model<AttemptEntryDoc>;
}

export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return conn.model('Attempt') as Model<AttemptDoc>;
}
