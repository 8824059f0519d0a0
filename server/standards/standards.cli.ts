// `qorgau standards rebuild` computes every teacher's standing again from accounts, completions
// and enrolments; `qorgau standards check <file>` checks a definition without storing it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { directoryService } from '../accounts/directory.service.ts';
import { certificatesFeature } from '../certificates/certificates.ts';
import { whenOpened, withDatabase, type CliContext } from '../cli/database.ts';
import { progressBar } from '../cli/progress.ts';
import { systemClock } from '../clock.ts';
import { courseServices } from '../courses/courses.ts';
import { learningFeature } from '../learning/learning.ts';
import { formatStandardProblem, readStandard, StandardError } from './standard-file.ts';
import { standardsServices } from './standards.ts';

/**
 * The standards services as the server builds them, for commands: with the certificates feature's
 * serials, so a rebuild keeps each standing's certificates (built, never started: no sweep, no mail).
 */
export function standardsForCli({ db, logger, config }: CliContext) {
  const clock = systemClock;
  const courses = courseServices(db, clock);
  const learning = learningFeature({ db, clock, logger, catalog: courses.catalog });
  const directory = directoryService(db);
  const courseIds = () => courses.catalog.courseIds();
  const certificates = certificatesFeature({ db, clock, logger, mailer: { send: async () => undefined }, config, directory, records: learning.services.records, courseIds });
  return standardsServices({ db, clock, logger, directory, learning: learning.services, catalog: courses.catalog, certificates: (userId, ids) => certificates.services.holder.serials(userId, ids) });
}

/** A command that writes people (`qorgau import-teachers --commit`) writes their standings too, as the server does. */
function keepStandingsCurrent(context: CliContext): () => void {
  let standings: ReturnType<typeof standardsForCli>['standings'] | undefined;
  return directoryService(context.db).onChanged((change) =>
    (standings ??= standardsForCli(context).standings).people(change).catch((err: unknown) => context.logger.error({ err }, 'standings of changed people not written; the server\'s standings sweep writes them')),
  );
}

export function registerStandardsCommands(program: Command): void {
  whenOpened(keepStandingsCurrent);
  const standards = program.command('standards').description('the national standard and teachers\' standings');
  standards
    .command('rebuild')
    .description('compute every teacher\'s standing again from their completions (a progress bar on a terminal)')
    .action(async () => {
      await withDatabase(async (context) => {
        const { standings } = standardsForCli(context);
        const bar = progressBar('standings');
        const started = Date.now();
        const count = await standings.rebuild((done, total) => bar.update(done, total));
        bar.stop();
        console.log(`${count} standings rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });
  standards
    .command('check <file>')
    .description('check a standard definition file and list every problem, storing nothing')
    .action(async (file: string) => {
      try {
        const def = readStandard(path.basename(file), await readFile(file));
        console.log(`${path.basename(file)}: version ${def.version}, ${def.requirements.length} requirements${def.example ? ' (example)' : ''}: valid`);
      } catch (err) {
        if (!(err instanceof StandardError)) throw err;
        for (const p of err.problems) console.error(formatStandardProblem(p));
        process.exitCode = 1;
      }
    });
}
