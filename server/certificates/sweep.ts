// Issues what a crash left unissued: a completion stored, then the process died before its
// certificate was (or the listener failed). A pass reads the completions recorded since the last
// day mark, less a margin, and issues each one that has no certificate; issuing is exactly-once, so
// a pass racing the listener or another server's pass changes nothing. The first pass a server
// makes with no mark at all reads every completion once.
//
// A pass may meet thousands (a site restored from a backup taken before they were issued, or
// completions migrated in). It issues one certificate at a time and waits until its holder has been
// told (the mail with its PDF, the standing with its serial) before the next. Before, it went on
// while they were told, so a backlog queued thousands of mails, PDF renders and standings writes at
// once. Most of a certificate's time is spent waiting (the database, the render thread): a
// backlog of 5,733 took 214 s, under half of the app's main thread (bench backlog).
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { CompletionDoc, CompletionRecords } from './completion.ts';
import { insertOnce } from '../db/claim.ts';
import { certificateId, certificateModel } from './certificate.model.ts';
import type { CertificateRepository } from './certificate.repository.ts';
import type { CertificateSubject, IssueService } from './issue.service.ts';

const DAY_MS = 86_400_000;
/** completions stored this long before a mark are read again (a request in flight when it was set) */
const MARGIN_MS = 60 * 60_000;
const MARKS_PROBED = 60;

export const subjectOf = (c: CompletionDoc): CertificateSubject => ({
  userId: String(c.userId),
  courseId: c.courseId,
  versionId: c.versionId,
  version: c.version,
  title: c.title,
  academicHours: c.academicHours,
  standards: c.standards ?? [],
  score: c.score,
  completedAt: c.completedAt,
});

export interface SweepDeps {
  db: Connection;
  repo: CertificateRepository;
  issuer: IssueService;
  records: Pick<CompletionRecords, 'completionsSince'>;
  clock: Clock;
  logger: Logger;
}

export function certificateSweep(deps: SweepDeps) {
  const { repo, issuer, records, clock, logger } = deps;
  const Marks = certificateModel(deps.db, 'CertificateSweep');
  const markId = (t: number) => `mark:${new Date(t).toISOString().slice(0, 10)}`;

  /** The newest day mark (probing back day by day, each read by _id), or null. */
  async function lastMark(now: Date): Promise<Date | null> {
    for (let i = 0; i < MARKS_PROBED; i += 1) {
      const mark = await Marks.findById(markId(now.getTime() - i * DAY_MS)).lean();
      if (mark) return mark.at as Date;
    }
    return null;
  }

  return {
    /** One pass; resolves how many certificates it issued. */
    async pass(): Promise<number> {
      const started = clock.now();
      const mark = await lastMark(started);
      const from = mark ? new Date(mark.getTime() - MARGIN_MS) : new Date(0);
      let issued = 0;
      let failed = 0;
      for await (const completion of records.completionsSince(from)) {
        if (await repo.find(certificateId(String(completion.userId), completion.courseId, 1))) continue;
        try {
          await issuer.issue(subjectOf(completion));
          await issuer.told();
          issued += 1;
        } catch (err) {
          failed += 1;
          logger.error({ err, completion: completion._id }, 'certificate sweep could not issue a certificate');
        }
      }
      // a day's mark is the start of its first complete pass: later passes that day read from there
      if (failed === 0) await insertOnce(Marks, { _id: markId(started.getTime()), at: started });
      if (issued) logger.warn({ issued }, 'certificate sweep issued certificates a crash had left unissued');
      return issued;
    },
  };
}
