// Release events: a version is published, or retired, by inserting one document. Inserts under a
// unique index are the one write FerretDB 1.x (SQLite) applies atomically when requests race —
// conditional updates and even $inc lose writes there (20 racing `updateOne({n: 0}, {$set: {n: 1}})`
// report two winners; 50 racing $inc leave 3) — so a version's status is derived from these
// events, never stored and updated.
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { personSchema, type Plain } from './course.model.ts';

const releaseSchema = new Schema(
  {
    courseId: { type: String, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: String, required: true },
    order: { type: String, required: true },
    action: { type: String, enum: ['publish', 'retire'], required: true },
    at: { type: Date, required: true },
    by: { type: personSchema, required: true },
  },
  { collection: 'course_releases' },
);
// A version is published at most once and retired at most once, however many requests race.
releaseSchema.index({ versionId: 1, action: 1 }, { unique: true });
releaseSchema.index({ courseId: 1, at: 1 });

export type CourseReleaseDoc = Plain<InferSchemaType<typeof releaseSchema>> & { _id: Types.ObjectId };

export function registerCourseReleaseModel(conn: Connection): void {
  if (!conn.models.CourseRelease) conn.model('CourseRelease', releaseSchema);
}

export function courseReleaseModel(conn: Connection): Model<InferSchemaType<typeof releaseSchema>> {
  return conn.model('CourseRelease') as Model<InferSchemaType<typeof releaseSchema>>;
}
