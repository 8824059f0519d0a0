// Reads a package from a folder (the CLI and the built-in courses). The same rules as for a zip:
// symlinks are refused rather than followed, and sizes are checked before any file is read.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageLimits } from './limits.ts';
import { checkListed, filesWithProblems, refuseUnsafe, selectFiles, sizeLimit, type ListedFile, type PackageFiles } from './package-files.ts';
import { PackageError, problem, WHOLE_PACKAGE, type PackageProblem } from './problems.ts';

async function list(root: string, problems: PackageProblem[]): Promise<ListedFile<string>[]> {
  const listed: ListedFile<string>[] = [];
  const pending = [''];
  let count = 0;
  while (pending.length) {
    const dir = pending.pop()!;
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
      if (++count > packageLimits.entries) {
        throw new PackageError([problem(WHOLE_PACKAGE, '', 'tooManyEntries', { count: `${packageLimits.entries}+`, limit: packageLimits.entries })]);
      }
      const name = dir ? `${dir}/${entry.name}` : entry.name;
      const full = path.join(root, name);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) problems.push(problem(name, '', 'symlink'));
      else if (stat.isDirectory()) pending.push(name);
      else if (!stat.isFile()) problems.push(problem(name, '', 'unexpectedFile'));
      else if (checkListed(name, stat.size, problems)) listed.push({ name, size: stat.size, source: full });
    }
  }
  return listed;
}

/** The files of a package folder, or a PackageError listing why it is refused. */
export async function readFolder(root: string): Promise<PackageFiles> {
  const problems: PackageProblem[] = [];
  const selected = selectFiles(await list(root, problems), problems);
  const handOn = refuseUnsafe(problems);
  const files = new Map<string, Buffer>();
  for (const [name, file] of selected) {
    const data = await readFile(file.source);
    // The file may have grown since it was listed; the limit holds for what was read.
    if (data.length > sizeLimit(name)) throw new PackageError([problem(name, '', 'fileTooLarge', { limitMb: sizeLimit(name) / 1024 / 1024 })]);
    files.set(name, data);
  }
  return filesWithProblems(files, handOn);
}
