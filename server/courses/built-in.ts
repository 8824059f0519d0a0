// At start, the built-in course packages under courses/ are imported and published when they are
// newer than what is stored. A package that does not validate is logged and skipped: the server
// still starts, and the problems read the same as `qorgau courses validate` prints them.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import { AppError } from '../errors.ts';
import { translator } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { courseServices } from './courses.ts';
import { formatProblem, PackageError } from './package/problems.ts';
import { loadPackageAt } from './package/read-package.ts';

export const builtInCoursesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../courses');

export interface BuiltInOutcome {
  folder: string;
  result: 'imported' | 'unchanged' | 'kept-stored' | 'refused' | 'failed';
  course?: string;
  version?: string;
}

const builtIn = { source: 'built-in' as const, person: { id: null, name: '' } };

async function packageFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const manifest = await Promise.any(['course.yaml', 'course.json'].map((m) => stat(path.join(dir, entry.name, m)))).catch(() => undefined);
    if (manifest) folders.push(path.join(dir, entry.name));
  }
  return folders;
}

export async function importBuiltInCourses(db: Connection, logger: Logger, dir = builtInCoursesDir): Promise<BuiltInOutcome[]> {
  const { importer, publisher, catalog } = courseServices(db);
  const en = translator('en');
  const outcomes: BuiltInOutcome[] = [];
  for (const folder of await packageFolders(dir)) {
    const name = path.basename(folder);
    try {
      const pkg = await loadPackageAt(folder);
      const { id: course, version } = pkg.manifest;
      if (pkg.warnings.length) logger.warn({ folder: name, warnings: pkg.warnings.map((w) => formatProblem(w, en)) }, 'built-in course package has warnings');
      const stored = await importer.importPackage(pkg, builtIn).catch((err: unknown) => {
        // The store holds this version number or a newer one (say, a coordinator's upload): keep it.
        if (err instanceof AppError && err.status === 409) return undefined;
        throw err;
      });
      if (!stored) {
        outcomes.push({ folder: name, result: 'kept-stored', course, version });
        continue;
      }
      // A built-in version is published when imported; an earlier start may have stopped between the two.
      const [source, current] = await Promise.all([importer.sourceOf(stored.versionId), catalog.version(stored.versionId)]);
      if (source === 'built-in' && current?.status === 'draft') {
        await publisher.publish(course, stored.versionId, builtIn.person).catch((err: unknown) => {
          if (!(err instanceof AppError && err.status === 409)) throw err;
        });
      }
      outcomes.push({ folder: name, result: stored.kind === 'stored' ? 'imported' : 'unchanged', course, version });
    } catch (err) {
      if (err instanceof PackageError) {
        logger.warn({ folder: name, problems: err.problems.map((p) => formatProblem(p, en)) }, 'built-in course package refused');
        outcomes.push({ folder: name, result: 'refused' });
      } else {
        logger.error({ err, folder: name }, 'built-in course import failed');
        outcomes.push({ folder: name, result: 'failed' });
      }
    }
  }
  for (const o of outcomes) if (o.result !== 'refused' && o.result !== 'failed') logger.info(o, 'built-in course');
  return outcomes;
}
