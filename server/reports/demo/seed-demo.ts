// `qorgau seed-demo`: DEMO DATA ONLY. Creates N teachers with Kazakh and Russian names in every
// region, district and school (demo-plan.ts), and their history spread over two years: enrolments,
// finished quiz attempts and completions (some from an earlier cycle, so some teachers are expiring;
// some assignments past due, so some are overdue; some courses left half-way), the certificate of
// every completion, and every standing. Each part goes through the feature that owns it: people
// through accounts' directory, the history through learning's bulk history path, certificates
// through the certificates feature's completion listener, standings through the standards service.
// Everything is derived from the seed, so running it again with the same seed adds nothing.
import pLimit from 'p-limit';
import type { DirectoryService, Person } from '../../accounts/directory.service.ts';
import type { Clock } from '../../clock.ts';
import type { CatalogVersion } from '../../courses/catalog.service.ts';
import type { HistoryService } from '../../learning/records/history.service.ts';
import type { CompletionRecord } from '../../learning/records/records.service.ts';
import type { StandardsServices } from '../../standards/standards.ts';
import { standingRow, toCourse, type StandingDoc } from '../../standards/standing.service.ts';
import { pastOf, plan } from './demo-plan.ts';

const BATCH = 1000;
const issuing = pLimit(8);

export interface SeedResult {
  teachers: number;
  added: number;
  /** completions in the seeded history, new or stored by an earlier run with the same seed */
  completions: number;
  /** what this run added: a second run with the same seed adds nothing */
  created: { enrolments: number; attempts: number; completions: number; certificates: number };
  standings: Record<string, number>;
}

export interface SeedDeps {
  clock: Clock;
  directory: Pick<DirectoryService, 'addTeachers'>;
  standards: StandardsServices;
  /** learning's bulk history path (learning/records/history.service.ts) */
  history: Pick<HistoryService, 'store'>;
  /**
   * The certificates feature: `serial` is the serial of a completion's stored certificate, if any;
   * `issue` issues it exactly once and returns its serial. The PDF is drawn when it is downloaded.
   */
  certificates?: { serial(completion: CompletionRecord): Promise<string | null>; issue(completion: CompletionRecord): Promise<string> };
  courses: CatalogVersion[];
}

export async function seedDemo(deps: SeedDeps, options: { teachers: number; seed: number; onProgress?: (done: number, total: number) => void }): Promise<SeedResult> {
  const { clock, standards } = deps;
  const now = clock.now();
  const inForce = await standards.standard.current();
  const result: SeedResult = { teachers: options.teachers, added: 0, completions: 0, created: { enrolments: 0, attempts: 0, completions: 0, certificates: 0 }, standings: {} };
  for (let start = 0; start < options.teachers; start += BATCH) {
    const plans = Array.from({ length: Math.min(BATCH, options.teachers - start) }, (_, k) => plan(options.seed, start + k, now, deps.courses));
    result.added += await deps.directory.addTeachers(
      plans.map((p) => p.teacher),
      now,
    );
    const pasts = plans.map(pastOf);
    const stored = await deps.history.store(pasts.flat());
    result.created.enrolments += stored.enrolments;
    result.created.attempts += stored.attempts;
    result.created.completions += stored.completions;
    result.completions += stored.completed.length;
    const issuer = deps.certificates;
    // every completion of the batch, not only the new ones: a run that died before issuing is caught up
    const serials = new Map<string, string>();
    if (issuer)
      await issuing.map(stored.completed, async (c) => {
        let serial = await issuer.serial(c);
        if (!serial) {
          serial = await issuer.issue(c);
          result.created.certificates += 1;
        }
        serials.set(`${String(c.userId)}:${c.courseId}`, serial);
      });
    const completedBy = new Map<string, CompletionRecord[]>();
    for (const c of stored.completed) completedBy.set(String(c.userId), [...(completedBy.get(String(c.userId)) ?? []), c]);
    const rows: StandingDoc[] = plans.map((p, k) => {
      const t = p.teacher;
      const person = { id: String(t._id), fullName: [t.surname, t.givenName, t.patronymic].join(' '), iin: t.iin, region: t.region, district: t.district, school: t.school, position: t.position } as Person;
      const mine = (completedBy.get(String(t._id)) ?? []).map((c) => toCourse(c, serials.get(`${String(t._id)}:${c.courseId}`) ?? null));
      const enrolled = pasts[k]!.map((e) => ({ courseId: e.course.courseId, dueAt: e.dueAt }));
      return standingRow(inForce.definition, inForce.version, person, mine, enrolled, now);
    });
    for (const r of rows) result.standings[r.standing] = (result.standings[r.standing] ?? 0) + 1;
    await standards.standings.store(rows);
    options.onProgress?.(start + plans.length, options.teachers);
  }
  await standards.standings.markApplied(inForce.version);
  return result;
}
