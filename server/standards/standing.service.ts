// Writes each teacher's standing, the projection the roster, exports and dashboard read. It is
// written when a completion is recorded (a listener on the learning feature) and when a teacher is
// created or changes (a listener on the accounts feature), re-evaluated when
// time moves a teacher into `expiring` or `overdue` (the sweep), recomputed from the stored rows
// when a new version of the standard is uploaded, and rebuilt from the sources by
// `qorgau standards rebuild`.
import pLimit from 'p-limit';
import { slices, UPDATE_BATCH } from '../db/batches.ts';
import { insertNew, replaceAllById, upserted } from '../db/claim.ts';
import { documentById } from '../db/connection.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import { stamps, userStamp } from '../db/stamps.ts';
import type { Connection } from 'mongoose';
import type { Person, DirectoryService } from '../accounts/directory.service.ts';
import type { Clock } from '../clock.ts';
import type { RecordsService } from '../learning/records/records.service.ts';
import type { StandardService } from './standard.service.ts';
import { showsPerson, standingRow, toCourse } from './standing-row.ts';
import { standingIndex } from './standing-index.ts';
import { standardsModels, type StandingCourse, type StandingDoc } from './standing.model.ts';

export type { StandingCourse, StandingDoc };
export { standingRow, toCourse };

export interface StandingSources {
  directory: Pick<DirectoryService, 'person' | 'people' | 'teachers'>;
  /** learning's read face */
  records: Pick<RecordsService, 'completionsOf' | 'enrolmentsOf'>;
  courseIds: () => Promise<string[]>;
  /** the certificates feature's read face: the valid certificate's serial per course */
  certificates?: (userId: string, courseIds: readonly string[]) => Promise<Map<string, string>>;
}

export type Progress = (done: number, total: number | null) => void;

const BATCH = 500;
/** rows computed from the sources at once (each a few reads) */
const computing = pLimit(8);
const INSERT_BATCH = 1_000;

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
      await replaceAllById(models.standings.collection, slice);
      await announce(slice);
    }
  }

  /**
   * Rows of new accounts, in inserts of a thousand and without stamp changes: nobody has read a row that
   * did not exist (20,000 imported teachers took 99 s, a replacement and a stamp each). One that does is replaced.
   */
  async function insertRows(docs: readonly StandingDoc[]): Promise<void> {
    for (const slice of slices(docs, INSERT_BATCH)) {
      const stored = await insertNew(models.standings, slice);
      if (stored.length) await write(stored);
    }
  }

  /** Every server reads these teachers' standings afresh (their stamps change). */
  async function announce(docs: readonly { _id: string }[]): Promise<void> {
    await Promise.all(
      docs.map((d) => {
        cache.forget(d._id);
        return userStamps.change(userStamp(d._id));
      }),
    );
  }

  async function markApplied(version: number): Promise<void> {
    await upserted(() => models.meta.replaceOne({ _id: 'applied' }, { _id: 'applied', version, at: clock.now() }, { upsert: true }));
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

  /**
   * The listener for writes of people (accounts/people-changes.ts): each teacher's row is written
   * again as they are now (a new account's without reading its learning, as it has none), and the
   * row of anyone who is no longer a teacher is removed, so the roster, the dashboard and the
   * exports show each teacher by their current name and in their current region's scope.
   */
  async function people(change: { ids: readonly string[]; created: boolean; people?: readonly Person[] }): Promise<void> {
    const [courseIds, inForce] = await Promise.all([sources.courseIds(), standard.current()]);
    for (const ids of slices(change.ids, BATCH)) {
      // new accounts as written; others read afresh, by _id (not what a request remembers of its user)
      const given = change.people?.filter((p) => ids.includes(p.id));
      const found = given ? new Map(given.map((p) => [p.id, p])) : await sources.directory.people(ids);
      const teachers = [...found.values()].filter((p) => p.role === 'teacher');
      const docs = change.created ? teachers.map((p) => standingRow(inForce.definition, inForce.version, p, [], [], clock.now())) : await computing.map(teachers, (p) => compute(p, courseIds));
      // a new account has no row; anyone else who is no longer a teacher loses theirs
      const others = change.created ? [] : ids.filter((id) => found.get(id)?.role !== 'teacher');
      const { byId } = others.length ? await index.snapshot() : { byId: new Map() };
      const gone = others.filter((id) => byId.has(id));
      if (docs.length === 0 && gone.length === 0) continue;
      await (change.created ? insertRows(docs) : write(docs));
      for (const id of gone) await models.standings.deleteOne({ _id: id });
      await announce(gone.map((_id) => ({ _id })));
      await index.written(docs, gone);
    }
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

    people,

    /**
     * The net under `people`: a crash between a write of a user and of their row, or a write by a
     * process without the listener, leaves a row showing a teacher as they were. Every teacher is
     * compared with their row (one scan of users), and the rows that differ are written again.
     */
    async reconcile(): Promise<number> {
      const seen = new Set<string>();
      const differ: string[] = [];
      const { byId } = await index.snapshot();
      for await (const person of sources.directory.teachers({ region: null })) {
        seen.add(person.id);
        const row = byId.get(person.id);
        if (!row || !showsPerson(row, person)) differ.push(person.id);
      }
      // rows of people no longer teachers, or gone; a teacher added meanwhile is only written again
      const unknown = (await index.snapshot()).rows.filter((r) => !seen.has(r._id)).map((r) => r._id);
      await people({ ids: [...differ, ...unknown], created: false });
      return differ.length + unknown.length;
    },

    /** Computes every teacher's row from the sources again; `progress` is told as it goes. */
    async rebuild(progress?: Progress): Promise<number> {
      const courseIds = await sources.courseIds();
      const inForce = await standard.current();
      let batch: Person[] = [];
      let done = 0;
      const flush = async () => {
        const docs: StandingDoc[] = [];
        docs.push(...(await computing.map(batch, (p) => compute(p, courseIds))));
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
    /** Stores rows computed elsewhere (the demo seed) in a few inserts; rows stored already are replaced. */
    async store(docs: StandingDoc[]): Promise<void> {
      await insertRows(docs);
      // another process's readers may remember an earlier seed's rows of these teachers
      for (const slice of slices(docs, UPDATE_BATCH)) await announce(slice);
      await index.written([]);
      index.invalidate();
    },
    markApplied,
  };
}

export type StandingService = ReturnType<typeof standingService>;
