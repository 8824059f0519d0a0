// An Enrolment is a learner on a course, pinned to the version that was published when they
// enrolled: later versions apply only to new enrolments. An Assignment is an admin's request that a
// cohort (region, district, school, position) takes a course by a due date.
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** An enrolment's id, derived from its key: FerretDB reads a whole collection for any filter but `{_id}`. */
export const enrolmentId = (userId: string, courseId: string) => `${userId}:${courseId}`;

export interface EnrolmentDoc {
  _id: string;
  userId: Types.ObjectId;
  courseId: string;
  versionId: string;
  enrolledAt: Date;
  source: 'self' | 'assigned';
  dueAt: Date | null;
  assignmentId: Types.ObjectId | null;
  completedAt: Date | null;
}

const enrolmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    courseId: { type: String, required: true },
    versionId: { type: String, required: true },
    enrolledAt: { type: Date, required: true },
    source: { type: String, enum: ['self', 'assigned'], required: true },
    dueAt: { type: Date, default: null },
    assignmentId: { type: Schema.Types.ObjectId, default: null },
    completedAt: { type: Date, default: null },
  },
  { collection: 'enrolments' },
);
enrolmentSchema.index({ userId: 1, courseId: 1 }, { unique: true });

export interface Cohort {
  region: string;
  district: string;
  school: string;
  position: string;
}

export interface AssignmentDoc {
  _id: Types.ObjectId;
  courseId: string;
  cohort: Cohort;
  dueAt: Date;
  /** teachers in the cohort when it was assigned */
  teacherCount: number;
  assignedBy: { id: string; name: string };
  /** the admin's scope when assigning: null for a national admin */
  scope: string | null;
  createdAt: Date;
}

const assignmentSchema = new Schema(
  {
    courseId: { type: String, required: true },
    cohort: {
      type: new Schema({ region: { type: String, default: '' }, district: { type: String, default: '' }, school: { type: String, default: '' }, position: { type: String, default: '' } }, { _id: false }),
      required: true,
    },
    dueAt: { type: Date, required: true },
    teacherCount: { type: Number, default: 0 },
    assignedBy: { type: new Schema({ id: String, name: String }, { _id: false }), required: true },
    scope: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'assignments' },
);
assignmentSchema.index({ 'cohort.region': 1 });

export function registerEnrolmentModels(conn: Connection): void {
  if (!conn.models.Enrolment) conn.model('Enrolment', enrolmentSchema);
  if (!conn.models.Assignment) conn.model('Assignment', assignmentSchema);
}

export function enrolmentModel(conn: Connection): Model<EnrolmentDoc> {
  return conn.model('Enrolment') as Model<EnrolmentDoc>;
}
export function assignmentModel(conn: Connection): Model<AssignmentDoc> {
  return conn.model('Assignment') as Model<AssignmentDoc>;
}
