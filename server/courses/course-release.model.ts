// Release events: a version is published, or retired, by inserting one document. Inserts under a
// unique key are the one write FerretDB 1.x (SQLite) applies atomically when requests race —
// conditional updates and even $inc lose writes there (20 racing `updateOne({n: 0}, {$set: {n: 1}})`
// report two winners; 50 racing $inc leave 3) — so a version's status is derived from these
// events, never stored and updated.
//
// A version's events are numbered 1, 2, 3 … and each is stored under `_id` `<versionId>:<seq>`:
// whoever inserts the next number first decides, whatever the action, so a publish racing a
// retire (or a draft's deletion) has exactly one winner, and a version can go publish → retire →
// publish again any number of times. Events stored before the numbering have an ObjectId `_id`
// and no `seq` (release-state.ts puts them first); the unique index `{versionId, action}` that
// guarded them is dropped at start (dropLegacyReleaseIndex).
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { personSchema, type Plain } from './course.model.ts';

const releaseSchema = new Schema(
  {
    _id: { type: Schema.Types.Mixed },
    courseId: { type: String, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: String, required: true },
    order: { type: String, required: true },
    action: { type: String, enum: ['publish', 'retire'], required: true },
    /** the event's number in its version's sequence; absent on events stored before numbering */
    seq: { type: Number },
    at: { type: Date, required: true },
    by: { type: personSchema, required: true },
  },
  { collection: 'course_releases' },
);
releaseSchema.index({ courseId: 1, at: 1 });

export type CourseReleaseDoc = Plain<Omit<InferSchemaType<typeof releaseSchema>, '_id' | 'seq'>> & { _id: string | Types.ObjectId; seq?: number | null };

/** The derived `_id` of a version's event number `seq`. */
export function releaseId(versionId: Types.ObjectId | string, seq: number): string {
  return `${String(versionId)}:${seq}`;
}

export function registerCourseReleaseModel(conn: Connection): void {
  if (!conn.models.CourseRelease) conn.model('CourseRelease', releaseSchema);
}

export function courseReleaseModel(conn: Connection): Model<InferSchemaType<typeof releaseSchema>> {
  return conn.model('CourseRelease') as Model<InferSchemaType<typeof releaseSchema>>;
}

const legacyKey = { versionId: 1, action: 1 };

/**
 * Drops the unique index `{versionId, action}` of databases written before events were numbered:
 * it would refuse a version's second publish. Safe when several servers start at once: a drop
 * that fails because another server dropped it first is fine, which a second listing confirms.
 */
export async function dropLegacyReleaseIndex(conn: Connection): Promise<boolean> {
  const collection = courseReleaseModel(conn).collection;
  const legacy = async () => {
    const indexes = await collection.listIndexes().toArray().catch((err: unknown) => {
      // the collection does not exist yet: no index to drop (code 26, NamespaceNotFound)
      if ((err as { code?: unknown }).code === 26) return [];
      throw err;
    });
    return indexes.find((index) => JSON.stringify(index.key) === JSON.stringify(legacyKey))?.name as string | undefined;
  };
  const name = await legacy();
  if (!name) return false;
  try {
    await collection.dropIndex(name);
  } catch (err) {
    if (await legacy()) throw err;
  }
  return true;
}
