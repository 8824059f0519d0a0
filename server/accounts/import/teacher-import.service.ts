// Bulk teacher import: check a file and store it as a pending batch (nothing about users changes),
// show the per-row report, then commit it: create new teachers, update changed ones, queue their
// set-password mail. Everything runs inside the importing admin's scope.
import type { Connection, Types } from 'mongoose';
import type { Clock } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth.service.ts';
import { readTable } from './import-file.ts';
import { readXlsxOffThread } from './xlsx-thread.ts';
import { importBatchRepository } from './import-batch.repository.ts';
import type { ImportBatchDoc } from './import-batch.model.ts';
import { importMail } from './import-mail.ts';
import { planImport } from './import-plan.ts';
import { checkRows, type ImportRow, type RowProblem } from './import-rows.ts';
import { teacherImportRepository } from './teacher-import.repository.ts';
import { accountsRepositories, type AccountsRepositories } from '../accounts.repository.ts';

export interface ImportActor {
  /** the admin's user id; null for the command line */
  id: string | null;
  /** a regional admin's region, or null for national scope */
  regionScope: string | null;
}

export interface ImportFile {
  buffer: Buffer;
  name: string;
}

export interface TeacherImportDeps {
  db: Connection;
  auth: AuthService;
  clock: Clock;
  logger: Logger;
  /** the feature's repositories (accounts.ts builds them once); built from `db` when left out */
  repos?: AccountsRepositories;
}

export interface CheckResult {
  id: Types.ObjectId;
  counts: ImportBatchDoc['counts'];
  problems: RowProblem[];
}

/** A file name fit to show back: no path, no control or direction characters, not too long. */
function shownName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return [...base].filter((c) => !/[\p{Cc}\p{Cf}<>]/u.test(c)).join('').slice(0, 120);
}

const byRow = (a: RowProblem, b: RowProblem) => a.row - b.row;

export function teacherImportService({ db, auth, clock, logger, repos = accountsRepositories(db) }: TeacherImportDeps) {
  const batches = importBatchRepository(db);
  const teachers = teacherImportRepository(db, repos.keys);
  const mail = importMail({ batches, tokens: repos.tokens, auth, clock, logger });

  const lookup = (rows: readonly ImportRow[]) =>
    teachers.findExisting(
      rows.map((r) => r.iin),
      rows.map((r) => r.email),
    );

  async function owned(actor: ImportActor, id: string | Types.ObjectId): Promise<ImportBatchDoc> {
    const batch = await batches.find(id);
    // someone else's upload does not exist for this admin: it holds personal data
    if (!batch || String(batch.actorId) !== String(actor.id)) throw new NotFoundError('errors.notFound');
    return batch;
  }

  return {
    /** Reads and checks a file and stores the valid rows as a pending batch. Throws for a bad file. */
    async check(actor: ImportActor, file: ImportFile, source: 'web' | 'cli'): Promise<CheckResult> {
      const table = await readTable(file.buffer, (workbook) => readXlsxOffThread(workbook, logger));
      const checked = await checkRows(table, actor.regionScope);
      const plan = planImport(checked.rows, await lookup(checked.rows), actor.regionScope);
      const refused = new Set(plan.problems.map((p) => p.row));
      const rows = checked.rows.filter((r) => !refused.has(r.row));
      const problems = [...checked.problems, ...plan.problems].sort(byRow);
      const counts = {
        rows: checked.total,
        valid: rows.length,
        invalid: checked.invalid + refused.size,
        toCreate: plan.creates.length,
        toUpdate: plan.updates.length,
        unchanged: plan.unchanged.length,
      };
      const id = await batches.create({ actorId: actor.id, scope: actor.regionScope, source, fileName: shownName(file.name), fileType: table.fileType, counts, problems }, rows);
      logger.info({ batchId: String(id), source, ...counts }, 'teacher import checked');
      return { id, counts, problems };
    },

    get: owned,

    /** Commits a pending batch once; returns what it did. Mail is sent later by `deliverMail`. */
    async commit(actor: ImportActor, id: Types.ObjectId): Promise<ImportBatchDoc['result']> {
      const now = clock.now();
      const batch = await batches.claimCommit(id, actor.id, now);
      if (!batch) {
        await owned(actor, id);
        throw new ConflictError('import.errors.alreadyCommitted');
      }
      const rows = await batches.rows(batch);
      // The report may be minutes old: decide again against the database as it is now, in the
      // admin's scope as it is now. This fresh read is also the scope guard for updates, which go
      // by _id alone (see the repository).
      const plan = planImport(rows, await lookup(rows), actor.regionScope);
      const inserted = await teachers.insertTeachers(plan.creates, now, (created) =>
        batches.queueMail(
          batch._id,
          created.map(({ row, id: userId }) => ({ _id: userId, email: row.email, givenName: row.givenName, lang: row.lang ?? 'kk' })),
        ),
      );
      const updated = await teachers.updateTeachers(plan.updates, now);
      const problems = [...plan.problems, ...inserted.problems, ...updated.problems].sort(byRow);
      const result = { created: inserted.created.length, updated: updated.updated, unchanged: plan.unchanged.length, failed: problems.length };
      await batches.finishCommit(batch, result, problems, clock.now());
      logger.info({ batchId: String(batch._id), ...result }, 'teacher import committed');
      return result;
    },

    /** Sends the set-password links of a committed batch; never throws (failures are logged). */
    deliverMail: mail.deliver,
    /** Picks up mail that a stopped process left unsent, and removes stale uploads. */
    async maintain(): Promise<void> {
      try {
        await batches.sweepPending(clock.now());
      } catch (err) {
        logger.warn({ err }, 'sweeping unconfirmed imports failed');
      }
      await mail.resume();
    },

    startMaintenance(intervalMs = 60_000): () => void {
      const timer = setInterval(() => void this.maintain(), intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type TeacherImportService = ReturnType<typeof teacherImportService>;
