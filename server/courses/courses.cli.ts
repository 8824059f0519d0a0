// `qorgau courses validate <folder|zip>` and `qorgau courses import <folder|zip>`. Problems are
// printed one per line as `file: /pointer: message`, in English, and the exit code is 1. Warnings
// (quiz item statistics) are printed the same way after `warning: `, and refuse nothing.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { withDatabase } from '../cli/database.ts';
import { AppError } from '../errors.ts';
import { translator } from '../i18n/index.ts';
import { courseServices } from './courses.ts';
import { formatProblem, PackageError } from './package/problems.ts';
import { loadPackageAt } from './package/read-package.ts';
import type { ValidPackage } from './package/validate-package.ts';

const en = translator('en');

/** Prints why a package or an import was refused and sets exit code 1; rethrows anything else. */
function report(err: unknown): void {
  if (err instanceof PackageError) {
    for (const p of err.problems) console.error(formatProblem(p, en));
    console.error(`${err.problems.length} problem(s); the package was not accepted.`);
  } else if (err instanceof AppError && err.status < 500) {
    console.error(en(err.messageKey, err.params));
  } else throw err;
  process.exitCode = 1;
}

function summary(pkg: ValidPackage): string {
  const lessons = pkg.modules.reduce((n, m) => n + m.lessons.length, 0);
  const questions = pkg.modules.reduce((n, m) => n + m.quiz.questions.length, 0);
  const activities = pkg.modules.reduce((n, m) => n + m.activities.length, 0);
  return `${pkg.manifest.id} ${pkg.manifest.version}: ${pkg.modules.length} modules, ${lessons} lessons, ${questions} questions, ${activities} activities, ${pkg.images.length} images; sha256 ${pkg.contentHash}`;
}

/** The expected learner time, the item statistics and every warning: what an author checks against the goals. */
function quality(pkg: ValidPackage, options: { items?: boolean } = {}): string[] {
  const time = pkg.expectedTime;
  const lines = [
    `hours: ${pkg.manifest.academicHours} declared, at most ${time.supportedHours} supported by ${Math.round(time.totalMinutes)} min of expected learner time (reading ${Math.round(time.readingMinutes)}, quizzes ${time.quizMinutes}, activities ${time.activityMinutes})`,
    `items: correct option strictly the longest in ${pkg.itemStatistics.languages.map((s) => `${s.lang} ${s.longestCorrect}/${s.singles}`).join(', ')} single-choice questions`,
  ];
  if (options.items) for (const item of pkg.itemStatistics.longestItems) lines.push(`longest correct: ${item.file}: ${item.pointer}: ${item.languages.join(' ')}`);
  for (const w of pkg.warnings) lines.push(`warning: ${formatProblem(w, en)}`);
  return lines;
}

export function registerCourseCommands(program: Command): void {
  const courses = program.command('courses').description('course packages');

  courses
    .command('validate')
    .argument('<package>', 'a package folder or .zip file')
    .option('--items', 'also list every single-choice question whose correct option is the longest')
    .description('check a course package; prints every problem and exits 1 if there are any; warnings leave the exit code 0')
    .action(async (location: string, options: { items?: boolean }) => {
      try {
        const pkg = await loadPackageAt(location);
        console.log([`valid: ${summary(pkg)}`, ...quality(pkg, options)].join('\n'));
      } catch (err) {
        report(err);
      }
    });

  courses
    .command('import')
    .argument('<package>', 'a package folder or .zip file')
    .option('--publish', 'publish the imported version for new enrolments')
    .description('validate a course package and store it as a new draft version')
    .action(async (location: string, options: { publish?: boolean }) => {
      let pkg: ValidPackage;
      try {
        pkg = await loadPackageAt(location);
      } catch (err) {
        return report(err);
      }
      await withDatabase(async ({ db }) => {
        const { importer, publisher } = courseServices(db);
        const person = { id: null, name: userInfo().username };
        try {
          const outcome = await importer.importPackage(pkg, { source: 'cli', person });
          console.log([`${outcome.kind === 'stored' ? 'stored as a draft' : 'unchanged, already stored'}: ${summary(pkg)}`, ...quality(pkg)].join('\n'));
          if (options.publish) {
            await publisher.publish(outcome.courseId, outcome.versionId, person);
            console.log(`published ${outcome.courseId} ${outcome.version}`);
          }
        } catch (err) {
          report(err);
        }
      });
    });
}
