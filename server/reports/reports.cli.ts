// `qorgau export roster …` writes the roster as CSV or XLSX to a file, with a progress bar on a
// terminal and an entry in the export log; `qorgau seed-demo` fills a database with demo data.
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { withDatabase } from '../cli/database.ts';
import { progressBar } from '../cli/progress.ts';
import { systemClock } from '../clock.ts';
import { importBuiltInCourses } from '../courses/built-in.ts';
import { courseServices } from '../courses/courses.ts';
import { AppError } from '../errors.ts';
import type { SessionUser } from '../http/access.ts';
import { isLanguage, translator } from '../i18n/index.ts';
import { standardsForCli } from '../standards/standards.cli.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { seedDependencies } from './demo/seed-wiring.ts';
import { exportAudit } from './export-audit.ts';
import { exportService } from './export.service.ts';
import { rosterService } from './roster.service.ts';

interface ExportOptions {
  region?: string;
  course?: string;
  standing?: string;
  from?: string;
  to?: string;
  format: string;
  out: string;
  lang?: string;
}

export function registerReportCommands(program: Command): void {
  const exporting = program.command('export').description('export reports');
  exporting
    .command('roster')
    .description('write the roster (one row per completion) as CSV or XLSX; recorded in the export log')
    .option('--region <code>', 'one region')
    .option('--course <id>', 'one course')
    .option('--standing <standing>', 'compliant, expiring, in-progress, not-started or overdue')
    .option('--from <date>', 'completed on or after (YYYY-MM-DD)')
    .option('--to <date>', 'completed on or before (YYYY-MM-DD)')
    .requiredOption('--format <format>', 'csv or xlsx')
    .requiredOption('--out <file>', 'where to write')
    .option('--lang <lang>', 'language of the headers (kk, ru, en)', 'kk')
    .action(async (opts: ExportOptions) => {
      const lang = isLanguage(opts.lang) ? opts.lang : 'kk';
      const t = translator(lang);
      if (opts.format !== 'csv' && opts.format !== 'xlsx') {
        console.error('--format: csv or xlsx');
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (context) => {
        const { standings } = standardsForCli(context);
        const catalog = courseServices(context.db, systemClock).catalog;
        const roster = rosterService({ snapshot: () => standings.snapshot(), courseIds: () => catalog.courseIds() });
        // the command line is the national operator's: every region
        const actor: SessionUser = { id: 'cli', role: 'admin', regionScope: null, region: '', displayName: 'qorgau export roster (CLI)', lang };
        try {
          const query = Object.fromEntries(Object.entries({ region: opts.region, course: opts.course, standing: opts.standing, from: opts.from, to: opts.to }).filter(([, v]) => v !== undefined));
          const filter = await roster.filter(actor, query);
          const total = (await roster.select(filter)).rows.length;
          const bar = progressBar('rows');
          const out = createWriteStream(opts.out);
          const exports = exportService({ roster, audit: exportAudit(context.db), clock: systemClock });
          const count = await exports.export({ id: actor.id, name: actor.displayName, scope: null }, filter, opts.format as 'csv' | 'xlsx', out, { lang, t, via: 'cli', onRow: (n) => bar.update(n, Math.max(n, total)) });
          bar.stop();
          console.log(`${count} rows written to ${opts.out}`);
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          if (!err.details.length) console.error(t(err.messageKey, err.params));
          for (const d of err.details) console.error(`${d.field}: ${t(d.message, d.params)}`);
          process.exitCode = 1;
        }
      });
    });

  program
    .command('seed-demo')
    .description('DEMO DATA: create teachers in every region with enrolments, quiz attempts, completions and certificates over two years, and their standings (idempotent per --seed)')
    .option('--teachers <n>', 'how many teachers', '17000')
    .option('--seed <n>', 'the seed: the same seed makes the same people', '1')
    .action(async (opts: { teachers: string; seed: string }) => {
      const teachers = Number(opts.teachers);
      const seed = Number(opts.seed);
      if (!Number.isInteger(teachers) || teachers < 1 || teachers > 2_000_000 || !Number.isInteger(seed) || seed < 0) {
        console.error('--teachers: 1 to 2,000,000; --seed: a whole number');
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (context) => {
        const catalog = courseServices(context.db, systemClock).catalog;
        if (!(await catalog.published()).length) await importBuiltInCourses(context.db, context.logger);
        const bar = progressBar('teachers');
        const started = Date.now();
        const result = await seedDemo(await seedDependencies({ ...context, clock: systemClock }), { teachers, seed, onProgress: (d, n) => bar.update(d, n) });
        bar.stop();
        const c = result.created;
        console.log(`demo data, seed ${seed}: ${result.added} teachers added (${teachers} asked); ${result.completions} completions in the history; added ${c.enrolments} enrolments, ${c.attempts} quiz attempts, ${c.completions} completions, ${c.certificates} certificates; standings ${JSON.stringify(result.standings)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });
}
