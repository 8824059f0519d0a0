// A course (one record per package id) and its versions. Both are written once and never
// updated: whether a version is a draft, published or retired is derived from the release events
// in course-release.model.ts, because FerretDB 1.x does not apply conditional updates atomically.
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

/** Text in each of the course's languages. */
export const localisedSchema = new Schema({ kk: String, ru: String, en: String }, { _id: false });

const courseSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: localisedSchema, required: true },
    description: { type: localisedSchema, required: true },
    languages: { type: [String], required: true },
  },
  { timestamps: true, collection: 'courses' },
);

export const personSchema = new Schema({ id: { type: String, default: null }, name: { type: String, default: '' } }, { _id: false });

const versionSchema = new Schema(
  {
    courseId: { type: String, required: true },
    version: { type: String, required: true },
    order: { type: String, required: true },
    contentHash: { type: String, required: true },
    languages: { type: [String], required: true },
    title: { type: localisedSchema, required: true },
    description: { type: localisedSchema, required: true },
    academicHours: { type: Number, required: true },
    standards: { type: [String], required: true },
    modules: [
      new Schema(
        {
          id: { type: String, required: true },
          title: { type: localisedSchema, required: true },
          required: { type: Boolean, required: true },
          lessons: [new Schema({ id: String, title: localisedSchema, minSeconds: { type: Number, default: null }, contentNote: { type: String, default: null } }, { _id: false })],
          // the templates themselves are in course_activities
          activities: [new Schema({ id: String, title: localisedSchema, minutes: Number }, { _id: false })],
          questionCount: { type: Number, required: true },
        },
        { _id: false },
      ),
    ],
    images: [new Schema({ path: String, fileId: Schema.Types.ObjectId, contentType: String, bytes: Number }, { _id: false })],
    // what the validator measured: expected learner time (honest hours) and the warnings it gave
    expectedMinutes: { type: Number, default: null },
    warnings: { type: [Schema.Types.Mixed], default: [] },
    fileCount: { type: Number, required: true },
    byteCount: { type: Number, required: true },
    source: { type: String, enum: ['upload', 'cli', 'built-in'], required: true },
    uploadedBy: { type: personSchema, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { collection: 'course_versions' },
);

// Uniqueness is what keeps concurrent uploads safe without transactions: the same content, or the
// same version number, can be stored once.
versionSchema.index({ courseId: 1, version: 1 }, { unique: true });
versionSchema.index({ contentHash: 1 }, { unique: true });
versionSchema.index({ courseId: 1, order: -1 });

/** A schema's inferred type as `.lean()` returns it: sub-document arrays become plain arrays. */
export type Plain<T> =
  T extends Types.DocumentArray<infer U> ? Plain<U>[]
  : T extends Types.ObjectId | Date | Buffer ? T
  : T extends readonly (infer U)[] ? Plain<U>[]
  : T extends object ? { [K in keyof T]: Plain<T[K]> }
  : T;

export type CourseDoc = Plain<InferSchemaType<typeof courseSchema>>;
export type CourseVersionDoc = Plain<InferSchemaType<typeof versionSchema>> & { _id: Types.ObjectId };
export type Person = Plain<InferSchemaType<typeof personSchema>>;

export function registerCourseModels(conn: Connection): void {
  if (!conn.models.Course) conn.model('Course', courseSchema);
  if (!conn.models.CourseVersion) conn.model('CourseVersion', versionSchema);
}

export function courseModel(conn: Connection): Model<CourseDoc> {
  return conn.model('Course') as Model<CourseDoc>;
}

export function courseVersionModel(conn: Connection): Model<InferSchemaType<typeof versionSchema>> {
  return conn.model('CourseVersion') as Model<InferSchemaType<typeof versionSchema>>;
}
