// Writes each teacher's standing, the projection the roster, exports and dashboard read. It is
// written when a completion is recorded (a listener on the learning feature), re-evaluated when
// time moves a teacher into `expiring` or `overdue` (the sweep), recomputed from the stored rows
// when a new version of the standard is uploaded, and rebuilt from the sources by
// `qorgau standards rebuild`.
import { MongoBulkWriteError } from 'mongodb';
import { slices, UPDATE_BATCH } from '../db/batches.ts';
import { documentById } from '../db/connection.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import { stamps, userStamp } from '../db/stamps.ts';
import type { Connection } from 'mongoose';
import type { Person, DirectoryService } from '../accounts/directory.service.ts';
import type { Clock } from '../clock.ts';
import type { CompletionRecord, RecordsService } from '../learning/records/records.service.ts';
import type { StandardDefinition } from './standard.schema.ts';
import type { StandardService } from './standard.service.ts';
import { evaluateStanding } from './standing.ts';
import { standingIndex } from './standing-index.ts';
import { standardsModels, type StandingCourse, type StandingDoc } from './standing.model.ts';

export type { StandingCourse, StandingDoc };

type Completion = CompletionRecord;

export interface StandingSources {
  directory: Pick<DirectoryService, 'person' | 'teachers'>;
  /** learning's read face */
  records: Pick<RecordsService, 'completionsOf' | 'enrolmentsOf'>;
  courseIds: () => Promise<string[]>;
  /** the certificates feature's read face: the valid certificate's serial per course */
  certificates?: (userId: string, courseIds: readonly string[]) => Promise<Map<string, string>>;
}

export type Progress = (done: number, total: number | null) => void;

const BATCH = 500;
const CONCURRENCY = 8;

export function toCourse(c: Pick<Completion, 'courseId' | 'title' | 'version' | 'standards' | 'academicHours' | 'score' | 'completedAt'>, certificate: string | null = null): StandingCourse {
  return { courseId: c.courseId, title: c.title, version: c.version, standards: [...c.standards], academicHours: c.academicHours, score: c.score, completedAt: c.completedAt, certificate };
}

/** A teacher's roster row, computed from who they are, what they completed and what is due. */
export function standingRow(def: StandardDefinition, version: number, person: Person, courses: StandingCourse[], enrolments: readonly { courseId: string; dueAt: Date | null }[], now: Date): StandingDoc {
  const done = new Set(courses.map((c) => c.courseId));
  const dues = enrolments.filter((e) => e.dueAt && !done.has(e.courseId)).map((e) => ({ courseId: e.courseId, dueAt: e.dueAt! }));
  const result = evaluateStanding(def, { completions: courses, dues, enrolled: enrolments.map((e) => e.courseId) }, now);
  const last = courses.reduce<Date | null>((max, c) => (!max || c.completedAt > max ? c.completedAt : max), null);
  return {
    _id: person.id,
    name: person.fullName,
    sortName: person.fullName.toLocaleLowerCase('kk'),
    iin: person.iin,
    region: person.region,
    district: person.district,
    school: person.school,
    position: person.position,
    standing: result.standing,
    standardVersion: version,
    missing: result.missing,
    expiresAt: result.expiresAt,
    reviewAt: result.reviewAt,
    completions: courses.sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime()),
    dues,
    enrolled: enrolments.map((e) => e.courseId),
    lastCompletedAt: last,
    updatedAt: now,
  };
}

/** Runs `work` over `items` with a few at a time. */
async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

export function standingService(deps: { db: Connection; clock: Clock; standard: StandardService; sources: StandingSources; cache?: LearnerCache }) {
  const models = standardsModels(deps.db);
  // a transcript's read: through the driver, as the other reads by _id on a teacher's pages are
  const standingById = documentById<StandingDoc>(deps.db, models.standings.collection.collectionName);
  // A teacher's standing is remembered under their stamp, as their own learning documents are: every
  // write of standings here (a completion's refresh, the sweep, a new standard, a rebuild, even from
  // the command line) changes the stamp of each teacher written, once the write has landed.
  const cache = deps.cache ?? noLearnerCache;
  const userStamps = stamps(deps.db);
  const index = standingIndex(models);
  const { sources, clock, standard } = deps;

  async function compute(person: Person, courseIds: readonly string[]): Promise<StandingDoc> {
    const [completions, enrolments, inForce] = await Promise.all([sources.records.completionsOf(person.id, courseIds), sources.records.enrolmentsOf(person.id), standard.current()]);
    // the serials ride on the projection, so an export reads no certificate per row
    const serials = completions.length && sources.certificates ? await sources.certificates(person.id, completions.map((c) => c.courseId)) : new Map<string, string>();
    return standingRow(inForce.definition, inForce.version, person, completions.map((c) => toCourse(c, serials.get(c.courseId) ?? null)), enrolments, clock.now());
  }

  async function write(docs: StandingDoc[]): Promise<void> {
    // a few replacements a command: FerretDB stops answering large update commands (db/batches.ts)
    for (const slice of slices(docs, UPDATE_BATCH)) {
      await models.standings.bulkWrite(slice.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: false });
      await announce(slice);
    }
  }

  /** Every server reads these teachers' standings afresh (their stamps change). */
  async function announce(docs: readonly StandingDoc[]): Promise<void> {
    await Promise.all(
      docs.map((d) => {
        cache.forget(d._id);
        return userStamps.change(userStamp(d._id));
      }),
    );
  }

  async function markApplied(version: number): Promise<void> {
    await models.meta.replaceOne({ _id: 'applied' }, { _id: 'applied', version, at: clock.now() }, { upsert: true });
  }

  async function reevaluate(docs: readonly StandingDoc[], progress?: Progress, total?: number): Promise<number> {
    const inForce = await standard.current();
    const now = clock.now();
    let changed: StandingDoc[] = [];
    let done = 0;
    let count = 0;
    for (const doc of docs) {
      const person = { id: doc._id, fullName: doc.name, iin: doc.iin, region: doc.region, district: doc.district, school: doc.school, position: doc.position } as Person;
      const dues = doc.dues.map((d) => ({ courseId: d.courseId, dueAt: d.dueAt }));
      const enrolments = [...dues, ...doc.enrolled.filter((c) => !doc.dues.some((d) => d.courseId === c)).map((courseId) => ({ courseId, dueAt: null }))];
      const row = standingRow(inForce.definition, inForce.version, person, doc.completions.map((c) => ({ ...c })), enrolments, now);
      if (row.standing !== doc.standing || row.standardVersion !== doc.standardVersion || String(row.reviewAt) !== String(doc.reviewAt) || row.missing.join() !== doc.missing.join()) changed.push(row);
      done += 1;
      if (changed.length >= BATCH) {
        await write(changed);
        await index.written(changed);
        count += changed.length;
        changed = [];
      }
      if (progress && done % BATCH === 0) progress(done, total ?? docs.length);
    }
    if (changed.length) {
      await write(changed);
      await index.written(changed);
    }
    progress?.(done, total ?? docs.length);
    return count + changed.length;
  }

  return {
    index,
    /** The listener for new completions: the teacher's row is computed again from the sources. */
    async refresh(userId: string): Promise<StandingDoc | null> {
      const person = await sources.directory.person(userId);
      if (!person || person.role !== 'teacher') return null;
      const doc = await compute(person, await sources.courseIds());
      await write([doc]);
      await index.written([doc]);
      return doc;
    },

    /** Computes every teacher's row from the sources again; `progress` is told as it goes. */
    async rebuild(progress?: Progress): Promise<number> {
      const courseIds = await sources.courseIds();
      const inForce = await standard.current();
      let batch: Person[] = [];
      let done = 0;
      const flush = async () => {
        const docs: StandingDoc[] = [];
        await pool(batch, async (p) => void docs.push(await compute(p, courseIds)));
        await write(docs);
        done += batch.length;
        batch = [];
        progress?.(done, null);
      };
      for await (const person of sources.directory.teachers({ region: null })) {
        batch.push(person);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      await markApplied(inForce.version);
      await index.written([]);
      index.invalidate();
      return done;
    },

    /** Applies the standard in force to every stored row, if it is not the one they were computed with. */
    async applyStandard(progress?: Progress): Promise<number> {
      const inForce = await standard.current();
      const applied = await models.meta.findById('applied').lean();
      if (applied?.version === inForce.version) return 0;
      const snapshot = await index.snapshot();
      const changed = await reevaluate([...snapshot.rows], progress);
      await markApplied(inForce.version);
      return changed;
    },

    /** Re-evaluates the rows whose standing may have moved with time (expiring, overdue). */
    async sweep(): Promise<number> {
      const now = clock.now().getTime();
      const snapshot = await index.snapshot();
      return reevaluate(snapshot.rows.filter((r) => r.reviewAt && r.reviewAt.getTime() <= now));
    },

    async snapshot() {
      return index.snapshot();
    },
    /** The teacher's row; remembered under their stamp when it is their own page (the request's scope). */
    async find(userId: string): Promise<StandingDoc | null> {
      return cache.read(userId, 'standing', () => standingById(userId));
    },
    /** Stores rows computed elsewhere (the demo seed) in one insertMany; rows stored already are replaced. */
    async store(docs: StandingDoc[]): Promise<void> {
      let replaced = new Set<number>();
      try {
        await models.standings.collection.insertMany(docs as never[], { ordered: false });
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const failed = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (failed.some((e) => e.code !== 11000)) throw err;
        replaced = new Set(failed.map((e) => e.index));
        // written (and announced) by the replacement
        await write(failed.map((e) => docs[e.index]!));
      }
      for (const slice of slices(docs.filter((_, i) => !replaced.has(i)), UPDATE_BATCH)) await announce(slice);
      await index.written([]);
      index.invalidate();
    },
    markApplied,
  };
}

export type StandingService = ReturnType<typeof standingService>;
