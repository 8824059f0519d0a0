// What `seed-demo` writes through, built as the server builds each feature: the directory, learning's
// history path, the certificates feature (with its mail turned off: demo teachers are not mailed)
// and the standards services. Shared by the command, the bench and the tests.
import type { Connection } from 'mongoose';
import { directoryService } from '../../accounts/directory.service.ts';
import { certificatesFeature } from '../../certificates/certificates.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { courseServices } from '../../courses/courses.ts';
import { learningFeature } from '../../learning/learning.ts';
import type { Logger } from '../../logger.ts';
import { standardsServices } from '../../standards/standards.ts';
import type { SeedDeps } from './seed-demo.ts';

export async function seedDependencies(deps: { db: Connection; clock: Clock; logger: Logger; config: Pick<Config, 'baseUrl' | 'dataDir' | 'certificateSigningKey' | 'sessionSecret'> }): Promise<SeedDeps> {
  const { db, clock, logger, config } = deps;
  const courses = courseServices(db, clock);
  const learning = learningFeature({ db, clock, logger, catalog: courses.catalog });
  const directory = directoryService(db);
  // built, never started: no sweeps run while seeding
  const certificates = certificatesFeature({ db, clock, logger, mailer: { send: async () => undefined }, config, directory, records: learning.services.records, courseIds: () => courses.catalog.courseIds() });
  const standards = standardsServices({ db, clock, logger, directory, learning: learning.services, catalog: courses.catalog, certificates: (userId, ids) => certificates.services.holder.serials(userId, ids) });
  return {
    clock,
    directory,
    standards,
    history: learning.services.history,
    certificates: {
      serial: async (c) => (await certificates.services.holder.serials(String(c.userId), [c.courseId])).get(c.courseId) ?? null,
      issue: async (c) => (await certificates.issue(c)).serial,
    },
    courses: await courses.catalog.published(),
  };
}
