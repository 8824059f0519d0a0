import { createHash } from 'node:crypto';
import mongoose, { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/claim.ts';
import { keptReads, perConnection } from '../../db/kept.ts';
import { noLearnerCache, type LearnerCache } from '../../db/remembered.ts';
import { CATALOG_STAMP, stamps } from '../../db/stamps.ts';
import { assignmentModel, enrolmentId, enrolmentModel, type AssignmentDoc, type EnrolmentDoc } from './enrolment.model.ts';

const { trusted } = mongoose;

/** How long a count of a version's enrolments is shown before it is counted again. */
const COUNT_KEPT_MS = 30_000;
/** Counts per connection: every repository of this process on it shares them. */
const countsOn = perConnection(() => keptReads<number>({ max: 500, ttl: COUNT_KEPT_MS }));

export type NewEnrolment = Omit<EnrolmentDoc, '_id' | 'completedAt'>;

/** `cache` remembers a learner's enrolments within their own requests; every write here announces itself to it. */
export function enrolmentRepository(db: Connection, cache: LearnerCache = noLearnerCache) {
  const Enrolments = enrolmentModel(db);
  const Assignments = assignmentModel(db);
  const offer = stamps(db);
  const counts = countsOn(db);
  const find = (userId: string, courseId: string): Promise<EnrolmentDoc | null> => {
    const id = enrolmentId(userId, courseId);
    return cache.read(userId, `enrolments:${id}`, () => Enrolments.findById(id).lean<EnrolmentDoc>());
  };
  return {
    find,
    /** The user's enrolments among these courses, oldest first, each read by its derived id. */
    async listForUser(userId: string, courseIds: readonly string[]): Promise<EnrolmentDoc[]> {
      const found = await Promise.all(courseIds.map((c) => find(userId, c)));
      return found.filter((e): e is EnrolmentDoc => e !== null).sort((a, b) => a.enrolledAt.getTime() - b.enrolledAt.getTime());
    },

    /**
     * How many teachers are enrolled in a version, for the coordinator's page before a retire. It
     * is a scan (FerretDB decodes every enrolment), so requests share one in flight and its answer
     * is kept COUNT_KEPT_MS: fifty views at once had made fifty scans.
     */
    countForVersion: (courseId: string, versionId: string): Promise<number> => counts(`${courseId}\0${versionId}`, () => Enrolments.countDocuments({ courseId, versionId })),

    /** Creates the enrolment, or returns the one that exists: (user, course) is unique. */
    async insert(enrolment: NewEnrolment): Promise<EnrolmentDoc> {
      const doc: EnrolmentDoc = { ...enrolment, _id: enrolmentId(String(enrolment.userId), enrolment.courseId), completedAt: null };
      try {
        await Enrolments.create(doc);
        await cache.changed(String(enrolment.userId));
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        cache.forget(String(enrolment.userId));
        const existing = await Enrolments.findById(doc._id).lean<EnrolmentDoc>();
        if (!existing) throw err;
        return existing;
      }
    },

    /** Sets a due date from an assignment, only where none is set or a later one is. */
    async bringDueForward(userId: string, courseId: string, dueAt: Date, assignmentId: Types.ObjectId): Promise<void> {
      const id = enrolmentId(userId, courseId);
      const current = await find(userId, courseId); // on every dashboard view: remembered
      if (!current || (current.dueAt && current.dueAt <= dueAt)) return;
      await Enrolments.updateOne({ _id: id }, { $set: { dueAt, assignmentId } });
      await cache.changed(userId);
    },

    async markCompleted(userId: string, courseId: string, at: Date): Promise<void> {
      const id = enrolmentId(userId, courseId);
      const current = await Enrolments.findById(id).lean<EnrolmentDoc>();
      if (!current || current.completedAt) return;
      await Enrolments.updateOne({ _id: id }, { $set: { completedAt: at } });
      await cache.changed(userId);
    },

    /**
     * Stores an assignment once: the same course, cohort and due date make the same id, so a
     * double-posted form (or two admins at once) stores one assignment and both see it stored.
     */
    async insertAssignment(assignment: Omit<AssignmentDoc, '_id'>): Promise<AssignmentDoc> {
      const { region, district, school, position } = assignment.cohort;
      const key = JSON.stringify([assignment.courseId, region, district, school.toLowerCase(), position.toLowerCase(), assignment.dueAt.toISOString()]);
      const _id = new Types.ObjectId(createHash('sha256').update(key).digest('hex').slice(0, 24));
      try {
        await Assignments.create({ ...assignment, _id });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return (await Assignments.findById(_id).lean<AssignmentDoc>()) ?? { ...assignment, _id };
      }
      await offer.change(CATALOG_STAMP); // teachers' next dashboard applies it
      return { ...assignment, _id };
    },
    /** Assignments a user of this region could belong to: their region's and the national ones. */
    assignmentsForRegion: (region: string): Promise<AssignmentDoc[]> =>
      cache.readCatalog(`assignments:${region}`, () =>
        Assignments.find({ 'cohort.region': trusted({ $in: [region, ''] }) }).sort({ createdAt: 1 }).lean<AssignmentDoc[]>(),
      ),
    /** Assignments an admin sees: national admins all, regional admins their region's. */
    listAssignments: (scope: string | null): Promise<AssignmentDoc[]> =>
      Assignments.find(scope ? { 'cohort.region': scope } : {}).sort({ createdAt: -1 }).limit(200).lean<AssignmentDoc[]>(),
  };
}

export type EnrolmentRepository = ReturnType<typeof enrolmentRepository>;
