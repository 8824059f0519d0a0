// The bulk of a version, one document per lesson, per quiz and per activity template, so that no
// single document nears MongoDB's 16 MB limit however large a course grows. All belong to a
// version by `versionId` and are written before the version itself, which makes them visible.
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

// An activity's printable template. Its _id is `<versionId>:<activityId>` (activity ids are unique
// in a course), so a download reads it by _id: on FerretDB any other filter decodes the collection.
const activitySchema = new Schema(
  {
    _id: { type: String, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    moduleId: { type: String, required: true },
    activityId: { type: String, required: true },
    markdown: { type: localisedSchema, required: true },
  },
  { collection: 'course_activities' },
);
activitySchema.index({ versionId: 1 });

export function activityDocId(versionId: Types.ObjectId | string, activityId: string): string {
  return `${String(versionId)}:${activityId}`;
}

export type CourseLessonDoc = InferSchemaType<typeof lessonSchema> & { _id: Types.ObjectId };
export type CourseQuizDoc = InferSchemaType<typeof quizSchema> & { _id: Types.ObjectId };
export type CourseActivityDoc = InferSchemaType<typeof activitySchema>;

export function registerCourseContentModels(conn: Connection): void {
  if (!conn.models.CourseLesson) conn.model('CourseLesson', lessonSchema);
  if (!conn.models.CourseQuiz) conn.model('CourseQuiz', quizSchema);
  if (!conn.models.CourseActivity) conn.model('CourseActivity', activitySchema);
}

export function courseActivityModel(conn: Connection): Model<CourseActivityDoc> {
  return conn.model('CourseActivity') as Model<CourseActivityDoc>;
}

export function courseLessonModel(conn: Connection): Model<InferSchemaType<typeof lessonSchema>> {
  return conn.model('CourseLesson') as Model<InferSchemaType<typeof lessonSchema>>;
}

export function courseQuizModel(conn: Connection): Model<InferSchemaType<typeof quizSchema>> {
  return conn.model('CourseQuiz') as Model<InferSchemaType<typeof quizSchema>>;
}
