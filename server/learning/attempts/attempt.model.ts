// One attempt at a module's quiz. It holds what was drawn (questions, option order and the
// tokens the browser sees), the server deadline, the saved answers and, once finished, the grade.
// FerretDB has no transactions: every change is one conditional update of this one document,
// and the unique index on (user, quiz, number) is what stops two starts from making two attempts.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Answers, DrawnQuestion } from '../quiz/quiz-types.ts';
import type { QuestionResult } from '../quiz/grade.ts';

export type AttemptState = 'in_progress' | 'finished';

export interface AttemptDoc {
  _id: Types.ObjectId;
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
  /** bumped by every saved answer; a post must name the current value */
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
// the sweeper's query: open attempts by deadline
attemptSchema.index({ state: 1, deadline: 1 });

export function registerAttemptModel(conn: Connection): void {
  if (!conn.models.Attempt) conn.model('Attempt', attemptSchema);
}

export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return conn.model('Attempt') as Model<AttemptDoc>;
}
