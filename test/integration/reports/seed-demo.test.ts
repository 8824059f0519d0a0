import { expect } from 'chai';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { systemClock } from '../../../server/clock.ts';
import { importBuiltInCourses } from '../../../server/courses/built-in.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { learningFeature } from '../../../server/learning/learning.ts';
import type { CompletionRecord } from '../../../server/learning/records/records.service.ts';
import { createLogger } from '../../../server/logger.ts';
import { seedDemo, type SeedDeps } from '../../../server/reports/demo/seed-demo.ts';
import { seedDependencies } from '../../../server/reports/demo/seed-wiring.ts';
import { testConfig } from '../../helpers/app.ts';
import { startOwnServer, type OwnServer } from './own-server.ts';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('qorgau seed-demo and learning\'s records', function () {
  this.timeout(300_000);
  const TEACHERS = 120;
  let server: OwnServer;
  let deps: SeedDeps;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  const logger = createLogger('silent');

  before(async () => {
    server = await startOwnServer('seed');
    await importBuiltInCourses(server.db, logger);
    deps = await seedDependencies({ db: server.db, clock: systemClock, logger, config: testConfig() });
    first = await seedDemo(deps, { teachers: TEACHERS, seed: 3 });
  });
  after(async () => server.close());

  const records = () => learningFeature({ db: server.db, clock: systemClock, logger, catalog: courseServices(server.db).catalog }).services.records;

  it('creates enrolments, quiz attempts, completions, a certificate per completion and every kind of standing', async () => {
    expect(first.added).to.equal(TEACHERS);
    expect(first.created.completions).to.equal(first.completions).and.to.be.greaterThan(TEACHERS);
    expect(first.created.enrolments).to.be.greaterThan(first.completions);
    expect(first.created.attempts).to.be.greaterThan(first.completions);
    expect(first.created.certificates).to.equal(first.completions);
    for (const standing of ['compliant', 'expiring', 'in-progress', 'not-started', 'overdue']) expect(first.standings[standing], standing).to.be.greaterThan(0);
    expect(Object.values(first.standings).reduce((a, b) => a + b, 0)).to.equal(TEACHERS);
    const stored = await server.db.collection('attempts').countDocuments({ state: 'finished' });
    expect(stored).to.equal(first.created.attempts);
    // completions spread over two years, some from the cycle before
    const dates = (await all(records().completions())).map((c) => c.completedAt.getTime());
    const years = (Math.max(...dates) - Math.min(...dates)) / (365 * 86_400_000);
    expect(years).to.be.greaterThan(2);
  });

  it('adds nothing when run again with the same seed', async () => {
    const again = await seedDemo(deps, { teachers: TEACHERS, seed: 3 });
    expect(again.added).to.equal(0);
    expect(again.created).to.deep.equal({ enrolments: 0, attempts: 0, completions: 0, certificates: 0 });
    expect(again.completions).to.equal(first.completions);
    expect(again.standings).to.deep.equal(first.standings);
  });

  it('reads completions and enrolments by course, region and standard through learning\'s records', async () => {
    const rec = records();
    const every = await all(rec.completions());
    expect(every).to.have.length(first.completions);
    const almaty = new Set<string>();
    for await (const p of directoryService(server.db).teachers({ region: 'almaty' })) almaty.add(p.id);
    const inAlmaty = await all(rec.completions({ region: 'almaty' }));
    expect(inAlmaty.length).to.be.greaterThan(0);
    expect(inAlmaty.every((c) => almaty.has(String(c.userId)))).to.equal(true);
    expect(inAlmaty).to.have.length(every.filter((c) => almaty.has(String(c.userId))).length);
    const course = every[0]!.courseId;
    const ofCourse = await all(rec.completions({ course }));
    expect(ofCourse.every((c) => c.courseId === course)).to.equal(true);
    expect(ofCourse).to.have.length(every.filter((c) => c.courseId === course).length);
    const qs1 = await all(rec.completions({ standard: 'QS-1' }));
    expect(qs1.length).to.be.greaterThan(0);
    expect(qs1.every((c: CompletionRecord) => c.standards.includes('QS-1'))).to.equal(true);
    const enrolled = await all(rec.enrolments({ region: 'almaty', course }));
    expect(enrolled.every((e) => e.courseId === course && almaty.has(String(e.userId)))).to.equal(true);
    const someone = every[0]!;
    expect((await rec.completion(String(someone.userId), someone.courseId))?._id).to.equal(someone._id);
  });
});
