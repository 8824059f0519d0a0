// Learning's public read face (issue 12, section 3): completions and enrolments, by teacher, or by
// course, region or standard, for the features that report on learning (standings, rosters,
// transcripts, certificates). They read learning only through this service, never its models or
// repositories, so learning may change how it stores them.
import type { Connection } from 'mongoose';
import type { DirectoryService } from '../../accounts/directory.service.ts';
import { enrolmentModel, type EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import type { CompletionListener, CompletionService } from '../progress/completion.service.ts';
import { completionModel, type CompletionDoc } from '../progress/progress.model.ts';

/** One teacher's completion of one course, as learning recorded it (version, hours, scores, dates). */
export type CompletionRecord = CompletionDoc;
/** One teacher on one course: the version pinned at enrolment, a due date, when it was completed. */
export type EnrolmentRecord = EnrolmentDoc;

/** Which records to read in bulk; an empty filter reads them all. */
export interface RecordsFilter {
  course?: string;
  /** a requirement code a completed course counts toward (QS-1 …); completions only */
  standard?: string;
  /** a region code: teachers of that region (from accounts' directory) */
  region?: string;
}

export interface RecordsDeps {
  db: Connection;
  completions: Pick<CompletionService, 'find' | 'list' | 'since' | 'onCompleted'>;
  enrolments: { listForUser(userId: string): Promise<EnrolmentDoc[]> };
  directory: Pick<DirectoryService, 'teachers'>;
}

const BATCH = 1000;

export function recordsService(deps: RecordsDeps) {
  const Completions = completionModel(deps.db);
  const Enrolments = enrolmentModel(deps.db);

  async function teachersOf(region: string | undefined): Promise<Set<string> | null> {
    if (!region) return null;
    const ids = new Set<string>();
    for await (const p of deps.directory.teachers({ region })) ids.add(p.id);
    return ids;
  }

  return {
    /** Tells a listener of each new completion once it is stored (standings, certificates). */
    onCompleted: (listener: CompletionListener): void => deps.completions.onCompleted(listener),
    /** A teacher's completion of a course, or null (read by its derived id). */
    completion: (userId: string, courseId: string): Promise<CompletionRecord | null> => deps.completions.find(userId, courseId),
    /** A teacher's completions of these courses, newest first. */
    completionsOf: (userId: string, courseIds: readonly string[]): Promise<CompletionRecord[]> => deps.completions.list(userId, courseIds),
    /** A teacher's enrolments in published courses, oldest first. */
    enrolmentsOf: (userId: string): Promise<EnrolmentRecord[]> => deps.enrolments.listForUser(userId),
    /** Every completion recorded at or after `from` (one scan): for a listener's sweep of what it missed. */
    completionsSince: (from: Date): AsyncIterable<CompletionRecord> => deps.completions.since(from),

    /**
     * Completions by course, region or standard, in one scan of the collection (FerretDB decodes the
     * whole collection for any filter but `{_id}`, so the filter is applied here, not pushed down).
     */
    async *completions(filter: RecordsFilter = {}): AsyncGenerator<CompletionRecord> {
      const people = await teachersOf(filter.region);
      const cursor = Completions.find({}).lean<CompletionDoc[]>().cursor({ batchSize: BATCH }) as AsyncIterable<CompletionDoc>;
      for await (const c of cursor) {
        if (filter.course && c.courseId !== filter.course) continue;
        if (filter.standard && !c.standards.includes(filter.standard)) continue;
        if (people && !people.has(String(c.userId))) continue;
        yield c;
      }
    },

    /** Enrolments by course or region, in one scan (a standard is a property of completions only). */
    async *enrolments(filter: Omit<RecordsFilter, 'standard'> = {}): AsyncGenerator<EnrolmentRecord> {
      const people = await teachersOf(filter.region);
      const cursor = Enrolments.find({}).lean<EnrolmentDoc[]>().cursor({ batchSize: BATCH }) as AsyncIterable<EnrolmentDoc>;
      for await (const e of cursor) {
        if (filter.course && e.courseId !== filter.course) continue;
        if (people && !people.has(String(e.userId))) continue;
        yield e;
      }
    },
  };
}

export type RecordsService = ReturnType<typeof recordsService>;
