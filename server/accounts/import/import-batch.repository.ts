import mongoose, { Types, type Connection } from 'mongoose';
import { importBatchModel, importChunkModel, importClaimModel, type ImportBatchDoc } from './import-batch.model.ts';
import type { ImportRow, RowProblem } from './import-rows.ts';

const { trusted } = mongoose;
const CHUNK_ROWS = 1_000;
export const MAX_STORED_PROBLEMS = 1_000;
// A commit that has not finished after this long died with its process; it may be run again
// (every step of a commit can be repeated without creating anyone twice).
const STALE_COMMIT_MS = 15 * 60 * 1000;
// Unconfirmed uploads hold personal data; they are removed after a day.
const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

export interface MailEntry {
  _id: Types.ObjectId;
  email: string;
  givenName: string;
  lang: 'kk' | 'ru' | 'en';
}

export interface NewBatch {
  actorId: string | null;
  scope: string | null;
  source: 'web' | 'cli';
  fileName: string;
  fileType: 'csv' | 'xlsx';
  counts: { rows: number; valid: number; invalid: number; toCreate: number; toUpdate: number; unchanged: number };
  problems: RowProblem[];
}

const chunkId = (batchId: Types.ObjectId | string, kind: 'rows' | 'mail', seq: number) => `${String(batchId)}:${kind}:${seq}`;

function isDuplicate(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

export function importBatchRepository(db: Connection) {
  const Batches = importBatchModel(db);
  const Chunks = importChunkModel(db);
  const Claims = importClaimModel(db);

  /** Inserts the claim; a stale one (older than `ttlMs`) is deleted first, and by one racer only. */
  async function claim(batchId: Types.ObjectId, name: 'commit' | 'mail', now: Date, ttlMs: number): Promise<boolean> {
    const _id = `${String(batchId)}:${name}`;
    const insert = async () => {
      try {
        await Claims.collection.insertOne({ _id: _id as never, at: now });
        return true;
      } catch (err) {
        if (isDuplicate(err)) return false;
        throw err;
      }
    };
    if (await insert()) return true;
    const { deletedCount } = await Claims.deleteOne({ _id, at: trusted({ $lt: new Date(now.getTime() - ttlMs) }) });
    return deletedCount === 1 && (await insert());
  }

  async function release(batchId: Types.ObjectId, name: 'commit' | 'mail'): Promise<void> {
    await Claims.deleteOne({ _id: `${String(batchId)}:${name}` });
  }

  async function items<T>(batchId: Types.ObjectId, kind: 'rows' | 'mail', seq: number): Promise<T[]> {
    const chunk = await Chunks.findById(chunkId(batchId, kind, seq)).lean();
    return chunk ? (JSON.parse(chunk.items) as T[]) : [];
  }

  function chunkOf(batchId: Types.ObjectId, kind: 'rows' | 'mail', seq: number, list: readonly unknown[]) {
    return { _id: chunkId(batchId, kind, seq) as never, batchId, kind, items: JSON.stringify(list) };
  }

  return {
    /** Stores the rows first, then the batch: a batch that exists always has all of its rows. */
    async create(batch: NewBatch, rows: readonly ImportRow[]): Promise<Types.ObjectId> {
      const _id = new Types.ObjectId();
      const chunks = [];
      for (let i = 0; i * CHUNK_ROWS < rows.length; i++) chunks.push(chunkOf(_id, 'rows', i, rows.slice(i * CHUNK_ROWS, (i + 1) * CHUNK_ROWS)));
      if (chunks.length) await Chunks.collection.insertMany(chunks, { ordered: true });
      await Batches.create({
        _id,
        ...batch,
        actorId: batch.actorId ? new Types.ObjectId(batch.actorId) : null,
        status: 'pending',
        problems: batch.problems.slice(0, MAX_STORED_PROBLEMS),
        problemCount: batch.problems.length,
        chunkCount: chunks.length,
      });
      return _id;
    },

    async find(id: string | Types.ObjectId): Promise<ImportBatchDoc | null> {
      return Batches.findById(id).lean<ImportBatchDoc>();
    },

    async rows(batch: Pick<ImportBatchDoc, '_id' | 'chunkCount'>): Promise<ImportRow[]> {
      const rows: ImportRow[] = [];
      for (let seq = 0; seq < batch.chunkCount; seq++) rows.push(...(await items<ImportRow>(batch._id, 'rows', seq)));
      return rows;
    },

    /**
     * Takes the commit of a pending batch, or of one whose commit died (stale), for this actor.
     * Two commits racing: only one inserts the claim, the other gets null.
     */
    async claimCommit(id: Types.ObjectId, actorId: string | null, now: Date): Promise<ImportBatchDoc | null> {
      const owner = actorId ? String(actorId) : 'null';
      const batch = await Batches.findById(id).lean<ImportBatchDoc>();
      if (!batch || String(batch.actorId) !== owner || batch.status === 'committed') return null;
      if (!(await claim(id, 'commit', now, STALE_COMMIT_MS))) return null;
      // read again under the claim: a commit that finished just now must not run twice
      const fresh = await Batches.findOneAndUpdate({ _id: id, status: trusted({ $ne: 'committed' }) }, { $set: { status: 'committing', commitStartedAt: now } }, { new: true }).lean<ImportBatchDoc>();
      return fresh;
    },

    /** Queues the set-password mail of teachers just created; called after each insert, so a crash loses none. */
    async queueMail(batchId: Types.ObjectId, entries: readonly MailEntry[]): Promise<void> {
      if (entries.length === 0) return;
      const before = await Batches.findOneAndUpdate({ _id: batchId }, { $inc: { 'mail.chunks': 1, 'mail.queued': entries.length } }).lean<ImportBatchDoc>();
      await Chunks.collection.insertOne(chunkOf(batchId, 'mail', before!.mail.chunks, entries));
    },

    async finishCommit(batch: ImportBatchDoc, result: ImportBatchDoc['result'], problems: readonly RowProblem[], now: Date): Promise<void> {
      const fresh = (await Batches.findById(batch._id).lean<ImportBatchDoc>())!;
      await Batches.updateOne(
        { _id: batch._id },
        {
          $set: {
            status: 'committed',
            committedAt: now,
            result,
            problems: [...batch.problems, ...problems].slice(0, MAX_STORED_PROBLEMS),
            problemCount: batch.problemCount + problems.length,
            'mail.state': fresh.mail.queued > 0 ? 'sending' : 'done',
          },
        },
      );
      const rowChunks = Array.from({ length: batch.chunkCount }, (_, seq) => chunkId(batch._id, 'rows', seq));
      if (rowChunks.length) await Chunks.deleteMany({ _id: trusted({ $in: rowChunks }) });
      // a later commit is refused by the status it reads after claiming
      await release(batch._id, 'commit');
    },

    async mailItems(batchId: Types.ObjectId, seq: number): Promise<MailEntry[]> {
      const stored = await items<Omit<MailEntry, '_id'> & { _id: string }>(batchId, 'mail', seq);
      return stored.map((e) => ({ ...e, _id: new Types.ObjectId(e._id) }));
    },

    /** Batches whose mail is still being sent (or was left unsent by a stopped process). */
    async sendingMail(): Promise<Types.ObjectId[]> {
      return (await Batches.find({ 'mail.state': 'sending' }, { _id: 1 }).lean()).map((b) => b._id);
    },

    /** Takes the right to send a batch's mail for a while; a second sender gets null. */
    async leaseMail(batchId: Types.ObjectId, now: Date, leaseMs: number): Promise<ImportBatchDoc | null> {
      if (!(await claim(batchId, 'mail', now, leaseMs))) return null;
      const batch = await Batches.findById(batchId).lean<ImportBatchDoc>();
      if (batch?.mail.state === 'sending') return batch;
      await release(batchId, 'mail');
      return null;
    },

    /** Keeps a mail lease from expiring while its holder is still working. */
    async renewMailLease(batchId: Types.ObjectId, now: Date): Promise<void> {
      await Claims.updateOne({ _id: `${String(batchId)}:mail` }, { $set: { at: now } });
    },

    async advanceMail(batchId: Types.ObjectId, progress: { chunk: number; offset: number; sent: number; failed: number }): Promise<void> {
      const set = Object.fromEntries(Object.entries(progress).map(([k, v]) => [`mail.${k}`, v]));
      await Batches.updateOne({ _id: batchId }, { $set: set });
    },

    async finishMail(batch: ImportBatchDoc): Promise<void> {
      await Batches.updateOne({ _id: batch._id }, { $set: { 'mail.state': 'done' } });
      const mailChunks = Array.from({ length: batch.mail.chunks }, (_, seq) => chunkId(batch._id, 'mail', seq));
      if (mailChunks.length) await Chunks.deleteMany({ _id: trusted({ $in: mailChunks }) });
      await release(batch._id, 'mail');
    },

    /** Removes uploads nobody committed within a day, with their rows. */
    async sweepPending(now: Date): Promise<number> {
      const old = await Batches.find({ status: 'pending', createdAt: trusted({ $lt: new Date(now.getTime() - PENDING_TTL_MS) }) }, { _id: 1 }).lean();
      for (const batch of old) {
        await Chunks.deleteMany({ batchId: batch._id });
        await release(batch._id, 'commit');
        await Batches.deleteOne({ _id: batch._id, status: 'pending' });
      }
      return old.length;
    },
  };
}

export type ImportBatchRepository = ReturnType<typeof importBatchRepository>;
