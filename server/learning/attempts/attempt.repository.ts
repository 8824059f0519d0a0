// Attempt reads and writes, each by _id alone: FerretDB pushes only an `{_id}` filter down to
// SQLite; any other filter reads the whole collection. Claims are inserts of AttemptEntry
// documents, which the unique _id makes atomic (see attempt.model.ts).
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { insertOnce, isDuplicateKey } from '../../db/claim.ts';
import { documentById, driverCollection } from '../../db/connection.ts';
import { noLearnerCache, type LearnerCache } from '../../db/remembered.ts';
import { attemptEntryModel, attemptModel, attemptProgressModel, openAttemptModel, type AttemptDoc, type AttemptEntryDoc, type AttemptProgressDoc, type OpenAttemptDoc } from './attempt.model.ts';

export type NewAttempt = Omit<AttemptDoc, '_id' | 'finishedAt' | 'finishedBy' | 'score' | 'passed' | 'results' | 'state' | 'answers' | 'seq'>;
export type AttemptSummary = Pick<AttemptDoc, 'courseId' | 'moduleId' | 'passed' | 'score' | 'finishedAt'>;
export type Projection = Partial<Pick<AttemptDoc, 'state' | 'answers' | 'seq' | 'finishedAt' | 'finishedBy' | 'score' | 'passed' | 'results'>>;

/** An attempt's id: the same (user, quiz, number) always gives the same id, and reveals none of them. */
export function attemptIdOf(userId: string, quizKey: string, number: number): string {
  return createHash('sha256').update(`attempt\0${userId}\0${quizKey}\0${number}`).digest('hex').slice(0, 24);
}

const attemptId = /^[0-9a-f]{24}$/;

/**
 * `cache` remembers, within a learner's own requests, their finished attempts (which never change)
 * and which attempt numbers do not exist yet (a start announces itself to it).
 */
export function attemptRepository(db: Connection, cache: LearnerCache = noLearnerCache) {
  const Attempts = attemptModel(db);
  const Entries = attemptEntryModel(db);
  const Open = openAttemptModel(db);
  const Progress = attemptProgressModel(db);

  async function listForQuiz(userId: string, quizKey: string): Promise<AttemptDoc[]> {
    const list: AttemptDoc[] = [];
    for (let n = 1; ; n += 1) {
      // remembered per learner under the quiz and number: the id (a hash) is made on a miss only
      const found = await cache.read(userId, `attempts:${quizKey}\0${n}`, () => Attempts.findById(attemptIdOf(userId, quizKey, n)).lean<AttemptDoc>(), (a) => a === null || a.finishedAt !== null);
      if (!found) return list;
      list.push(found);
    }
  }

  // What a course's progress needs of an attempt (course-progress.ts), without its questions and
  // answers (most of its bytes). An attempt's summary changes only when it starts (insert) and
  // when it finishes (announceFinish, after the finish is projected), both of which change the
  // learner's stamp: so summaries are remembered, open ones too, and a course page or dashboard
  // reads no attempt at all while the stamp stands.
  const summaryFields = { _id: 0, courseId: 1, moduleId: 1, passed: 1, score: 1, finishedAt: 1 } as const;
  // through the driver: Mongoose's query building cost more than these reads by _id
  const attemptById = documentById<AttemptSummary>(db, Attempts.collection.collectionName);
  const entryById = documentById<AttemptEntryDoc>(db, Entries.collection.collectionName);
  const rawAttempts = driverCollection<AttemptDoc>(db, Attempts.collection.collectionName);
  const progressById = documentById<AttemptProgressDoc>(db, Progress.collection.collectionName);
  const rawProgress = driverCollection<AttemptProgressDoc>(db, Progress.collection.collectionName);
  async function summariesForQuiz(userId: string, quizKey: string): Promise<AttemptSummary[]> {
    const list: AttemptSummary[] = [];
    for (let n = 1; ; n += 1) {
      // as listForQuiz: a course page or dashboard makes no id while it reads what is remembered
      const found = await cache.read(userId, `attempt-summary:${quizKey}\0${n}`, () => attemptById(attemptIdOf(userId, quizKey, n), summaryFields));
      if (!found) return list;
      list.push(found);
    }
  }

  return {
    findById(id: string): Promise<AttemptDoc | null> {
      if (!attemptId.test(id)) return Promise.resolve(null);
      return Attempts.findById(id).lean<AttemptDoc>();
    },

    /** A user's attempts at a quiz, by number, found by their derived ids. */
    listForQuiz,
    /** A user's attempts at the quizzes of the given modules of a course. */
    async listForCourse(userId: string, courseId: string, moduleIds: readonly string[]): Promise<AttemptSummary[]> {
      return (await Promise.all(moduleIds.map((m) => summariesForQuiz(userId, `${courseId}:${m}`)))).flat();
    },

    /** Inserts attempt number `number`; null if it exists already (a racing start took it). */
    async insert(attempt: NewAttempt): Promise<AttemptDoc | null> {
      const doc = { ...attempt, _id: attemptIdOf(String(attempt.userId), attempt.quizKey, attempt.number), state: 'in_progress' as const, answers: {}, seq: 0, finishedAt: null, finishedBy: null, score: null, passed: null, results: [] };
      try {
        // the marker first: an open attempt the sweeper cannot see would never be finished
        await Open.create({ _id: doc._id, deadline: doc.deadline }).catch((err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
        });
        await Attempts.create(doc);
        await cache.changed(String(attempt.userId));
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        cache.forget(String(attempt.userId)); // a racing start won: what this server remembers misses it
        return null;
      }
    },

    // every quiz page and finish reads the entry after the attempt's last one (another server may have saved it)
    findEntry: (attemptId: string, seq: number): Promise<AttemptEntryDoc | null> => entryById(`${attemptId}:${seq}`),

    /** Claims `seq` of an attempt with an entry; false if another request claimed it first. */
    // every answer save is one of these: inserted through the driver, as the entry is typed already
    // and Mongoose's document building cost more than the insert (docs/performance.md)
    claim: (entry: Omit<AttemptEntryDoc, '_id'>): Promise<boolean> => insertOnce(Entries, { ...entry, _id: `${entry.attemptId}:${entry.seq}` }),

    /**
     * Writes the projection of the log onto the attempt: once it is finished (an open attempt's
     * goes to its progress, below). By _id alone; through the driver, as the fields are the log's
     * own, typed already, and Mongoose's casting of the update cost more than the write. Undefined
     * fields are left as they are, as Mongoose did.
     */
    async project(id: string, fields: Projection): Promise<void> {
      await rawAttempts().updateOne({ _id: id }, { $set: fields }, { ignoreUndefined: true });
    },

    /** An open attempt's answers as of a seq, written by a server that saw them; null before the first. */
    progress: (id: string): Promise<AttemptProgressDoc | null> => progressById(id),

    /**
     * Writes an open attempt's answers as of `seq` (attempt.model.ts). Two servers writing the
     * first one at once both insert it: the loser's duplicate key is a write that lost to an
     * equally good one, and is dropped like the later of two updates would be.
     */
    async saveProgress(id: string, seq: number, answers: AttemptProgressDoc['answers']): Promise<void> {
      await rawProgress()
        .updateOne({ _id: id }, { $set: { seq, answers } }, { upsert: true })
        .catch((err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
        });
    },

    /**
     * Attempts marked open whose deadline has passed, oldest first. A marker whose attempt was
     * never stored (its start failed after the marker) is deleted here.
     */
    async findExpired(now: Date, limit: number): Promise<AttemptDoc[]> {
      const due = (await Open.find().lean<OpenAttemptDoc[]>()).filter((m) => m.deadline <= now).sort((a, b) => a.deadline.getTime() - b.deadline.getTime()).slice(0, limit);
      const found: AttemptDoc[] = [];
      for (const marker of due) {
        const attempt = await Attempts.findById(marker._id).lean<AttemptDoc>();
        if (attempt) found.push(attempt);
        else await Open.deleteOne({ _id: marker._id }); // its start failed before the attempt: no progress was written
      }
      return found;
    },

    /** Announces a finish, once projected: every server reads the learner's attempt summaries again. */
    announceFinish: (userId: string): Promise<void> => cache.changed(userId),

    /** Forgets that an attempt may be open, and its progress: called once its finish is projected. */
    async closeMarker(id: string): Promise<void> {
      await Promise.all([Open.deleteOne({ _id: id }), rawProgress().deleteOne({ _id: id })]);
    },

    /**
     * Marks every attempt the projection shows open: for attempts started before markers existed.
     * One scan of the attempts, run once when the sweeper starts; returns how many it marked.
     */
    async markOpenAttempts(): Promise<number> {
      let marked = 0;
      for await (const a of Attempts.find({ state: 'in_progress' }, { deadline: 1 }).lean<Pick<AttemptDoc, '_id' | 'deadline'>[]>().cursor()) {
        try {
          await Open.create({ _id: a._id, deadline: a.deadline });
          marked += 1;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return marked;
    },
  };
}

export type AttemptRepository = ReturnType<typeof attemptRepository>;
