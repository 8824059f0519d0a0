// The files of a package, read into memory and keyed by their path from the package root. Both
// readers (zip and folder) end here, so the rules on names and sizes are the same for both.
import { fileKind, isIgnored, nestedManifest, packageRoot, unsafeName } from './entry-names.ts';
import { packageLimits } from './limits.ts';
import { PackageError, problem, WHOLE_PACKAGE, type PackageProblem } from './problems.ts';

export type PackageFiles = ReadonlyMap<string, Buffer>;

/** One file as a reader lists it, before any content is read. */
export interface ListedFile<T> {
  name: string;
  size: number;
  source: T;
}

const textExtension = /\.(?:md|yaml|json)$/;

/** The per-file size limit for a name, by its extension. */
export function sizeLimit(name: string): number {
  return textExtension.test(name) ? packageLimits.textFileBytes : packageLimits.imageBytes;
}

/** Checks a name and a declared size: what both readers refuse before they read a byte. */
export function checkListed(name: string, size: number, problems: PackageProblem[]): boolean {
  const unsafe = unsafeName(name);
  if (unsafe) {
    problems.push(problem(name, '', unsafe));
    return false;
  }
  if (size > sizeLimit(name)) {
    problems.push(problem(name, '', 'fileTooLarge', { limitMb: sizeLimit(name) / 1024 / 1024 }));
    return false;
  }
  return true;
}

/**
 * Picks the files that belong to the package: skips operating-system clutter, strips a single
 * top-level folder, and refuses names the format does not know. Returns them by package path.
 */
export function selectFiles<T>(listed: readonly ListedFile<T>[], problems: PackageProblem[]): Map<string, ListedFile<T>> {
  const files = listed.filter((f) => !isIgnored(f.name));
  const root = packageRoot(files.map((f) => f.name));
  // a course.yaml below the top, with other files beside its folder: the course is a folder too deep,
  // said first, instead of every one of its files refused as not part of the format
  const nested = root === '' ? nestedManifest(files.map((f) => f.name)) : undefined;
  const deeper = nested?.slice(0, nested.lastIndexOf('/') + 1);
  if (nested) problems.push(problem(WHOLE_PACKAGE, '', 'manifestTooDeep', { path: nested }));
  const selected = new Map<string, ListedFile<T>>();
  let total = 0;
  for (const file of files) {
    total += file.size;
    const name = file.name.slice(root.length);
    if (deeper && file.name.startsWith(deeper)) continue;
    if (!fileKind(name)) {
      problems.push(problem(file.name, '', 'unexpectedFile'));
      continue;
    }
    if (selected.has(name)) {
      problems.push(problem(file.name, '', 'duplicateEntry'));
      continue;
    }
    selected.set(name, file);
  }
  if (total > packageLimits.totalBytes) {
    problems.push(problem(WHOLE_PACKAGE, '', 'tooLarge', { limitMb: packageLimits.totalBytes / 1024 / 1024 }));
  }
  if (!nested && !files.some((f) => /^course\.(?:yaml|json)$/.test(f.name.slice(root.length)))) {
    problems.push(problem(WHOLE_PACKAGE, '', 'noManifest'));
  }
  return selected;
}

// Problems that refuse a package but leave the rest of it safe to read: a stray file (skipped), a
// duplicate entry, a missing manifest. The readers hand them on with the files, so one pass reports
// every problem of every file. Anything else (an unsafe name, a size, a symlink, a ratio) stops
// reading at once: nothing of such a package is inflated.
const SAFE_TO_GO_ON = new Set(['courses.problem.unexpectedFile', 'courses.problem.duplicateEntry', 'courses.problem.noManifest', 'courses.problem.manifestTooDeep']);
const handedOn = new WeakMap<PackageFiles, readonly PackageProblem[]>();

/** Stops on an unsafe problem; otherwise returns the problems to hand on with the files. */
export function refuseUnsafe(problems: readonly PackageProblem[]): readonly PackageProblem[] {
  if (problems.some((p) => !SAFE_TO_GO_ON.has(p.key))) throw new PackageError(problems);
  return problems;
}

/** The files read, carrying the reading problems that the validator reports with its own. */
export function filesWithProblems(files: Map<string, Buffer>, problems: readonly PackageProblem[]): PackageFiles {
  if (problems.length) handedOn.set(files, problems);
  return files;
}

export function readingProblems(files: PackageFiles): readonly PackageProblem[] {
  return handedOn.get(files) ?? [];
}

export function refuseIfAny(problems: readonly PackageProblem[]): void {
  if (problems.length) throw new PackageError(problems);
}
