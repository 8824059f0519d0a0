// The files of a package, read into memory and keyed by their path from the package root. Both
// readers (zip and folder) end here, so the rules on names and sizes are the same for both.
import { fileKind, isIgnored, packageRoot, unsafeName } from './entry-names.ts';
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
  const selected = new Map<string, ListedFile<T>>();
  let total = 0;
  for (const file of files) {
    total += file.size;
    const name = file.name.slice(root.length);
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
  if (!files.some((f) => /^course\.(?:yaml|json)$/.test(f.name.slice(root.length)))) {
    problems.push(problem(WHOLE_PACKAGE, '', 'noManifest'));
  }
  return selected;
}

export function refuseIfAny(problems: readonly PackageProblem[]): void {
  if (problems.length) throw new PackageError(problems);
}
