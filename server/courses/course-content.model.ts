// The bulk of a version, one document per lesson and per quiz, so that no single document nears
// MongoDB's 16 MB limit however large a course grows. Both belong to a version by `versionId`
// and are written before the version itself, which makes them visible.
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { localisedSchema } from './course.model.ts';

const lessonSchema = new Schema(
  {
    versionId: { type: Schema.Types.ObjectId, required: true },
    moduleId: { type: String, required: true },
    lessonId: { type: String, required: true },
    markdown: { type: localisedSchema, required: true },
  },
  { collection: 'course_lessons' },
);
lessonSchema.index({ versionId: 1, moduleId: 1, lessonId: 1 }, { unique: true });

const quizSchema = new Schema(
  {
    versionId: { type: Schema.Types.ObjectId, required: true },
    moduleId: { type: String, required: true },
    // Validated against quiz.schema.ts before storing; kept as the package gave them.
    settings: { type: Schema.Types.Mixed, required: true },
    questions: { type: [Schema.Types.Mixed], required: true },
  },
  { collection: 'course_quizzes' },
);
quizSchema.index({ versionId: 1, moduleId: 1 }, { unique: true });

export type CourseLessonDoc = InferSchemaType<typeof lessonSchema> & { _id: Types.ObjectId };
export type CourseQuizDoc = InferSchemaType<typeof quizSchema> & { _id: Types.ObjectId };

export function registerCourseContentModels(conn: Connection): void {
  if (!conn.models.CourseLesson) conn.model('CourseLesson', lessonSchema);
  if (!conn.models.CourseQuiz) conn.model('CourseQuiz', quizSchema);
}

export function courseLessonModel(conn: Connection): Model<InferSchemaType<typeof lessonSchema>> {
  return conn.model('CourseLesson') as Model<InferSchemaType<typeof lessonSchema>>;
}

export function courseQuizModel(conn: Connection): Model<InferSchemaType<typeof quizSchema>> {
  return conn.model('CourseQuiz') as Model<InferSchemaType<typeof quizSchema>>;
}
