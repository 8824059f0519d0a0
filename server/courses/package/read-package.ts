// Where a package comes from: an uploaded zip in memory, or a path given to the CLI or found under
// courses/ (a folder, or a .zip file that is read into memory like an upload).
import { readFile, stat } from 'node:fs/promises';
import { packageLimits } from './limits.ts';
import type { PackageFiles } from './package-files.ts';
import { PackageError, problem, WHOLE_PACKAGE } from './problems.ts';
import { readFolder } from './read-folder.ts';
import { readZip } from './read-zip.ts';
import { validatePackage, type ValidPackage } from './validate-package.ts';

export async function readPackageAt(location: string): Promise<PackageFiles> {
  const info = await stat(location).catch(() => undefined);
  if (!info) throw new PackageError([problem(WHOLE_PACKAGE, '', 'notFound', { path: location })]);
  if (info.isDirectory()) return readFolder(location);
  if (info.size > packageLimits.uploadBytes) throw new PackageError([problem(WHOLE_PACKAGE, '', 'uploadTooLarge', { limitMb: packageLimits.uploadBytes / 1024 / 1024 })]);
  return readZip(await readFile(location));
}

/** Reads and validates the package at a folder or .zip path. */
export async function loadPackageAt(location: string): Promise<ValidPackage> {
  return validatePackage(await readPackageAt(location));
}

/** Reads and validates an uploaded .zip. */
export async function loadUploadedPackage(zip: Buffer): Promise<ValidPackage> {
  return validatePackage(await readZip(zip));
}
