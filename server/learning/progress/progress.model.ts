// Lesson progress (first view and read time, both on the server clock) and the Completion record
// that certificates and rosters are built from.
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Lesson progress and completions are found by ids derived from their keys: FerretDB reads a
 * whole collection for any filter other than a bare `{_id}`. */
export const lessonProgressId = (userId: string, courseId: string, moduleId: string, lessonId: string) => `${userId}:${courseId}:${moduleId}:${lessonId}`;
export const completionId = (userId: string, courseId: string) => `${userId}:${courseId}`;

export interface LessonProgressDoc {
  _id: string;
  userId: Types.ObjectId;
  courseId: string;
  moduleId: string;
  lessonId: string;
  firstViewedAt: Date;
  readAt: Date | null;
}

const lessonProgressSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    courseId: { type: String, required: true },
    moduleId: { type: String, required: true },
    lessonId: { type: String, required: true },
    firstViewedAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { collection: 'lesson_progress' },
);
lessonProgressSchema.index({ userId: 1, courseId: 1, moduleId: 1, lessonId: 1 }, { unique: true });

export interface CompletionModule {
  moduleId: string;
  required: boolean;
  score: number | null;
  attempts: number;
  passedAt: Date | null;
}

export interface CompletionDoc {
  _id: string;
  userId: Types.ObjectId;
  courseId: string;
  versionId: string;
  version: string;
  title: Record<string, string>;
  academicHours: number;
  standards: string[];
  modules: CompletionModule[];
  /** the mean of the required modules' best passing scores */
  score: number;
  enrolledAt: Date;
  dueAt: Date | null;
  completedAt: Date;
}

const completionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    courseId: { type: String, required: true },
    versionId: { type: String, required: true },
    version: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    academicHours: { type: Number, required: true },
    standards: { type: [String], default: [] },
    modules: { type: [Schema.Types.Mixed], default: [] },
    score: { type: Number, required: true },
    enrolledAt: { type: Date, required: true },
    dueAt: { type: Date, default: null },
    completedAt: { type: Date, required: true },
  },
  { collection: 'completions' },
);
completionSchema.index({ userId: 1, courseId: 1 }, { unique: true });
completionSchema.index({ courseId: 1, completedAt: 1 });

export function registerProgressModels(conn: Connection): void {
  if (!conn.models.LessonProgress) conn.model('LessonProgress', lessonProgressSchema);
  if (!conn.models.Completion) conn.model('Completion', completionSchema);
}

export function lessonProgressModel(conn: Connection): Model<LessonProgressDoc> {
  return conn.model('LessonProgress') as Model<LessonProgressDoc>;
}
export function completionModel(conn: Connection): Model<CompletionDoc> {
  return conn.model('Completion') as Model<CompletionDoc>;
}
