// A package's identity: SHA-256 over a canonical listing of its files, one line per file in byte
// order of the path, `<path> NUL <sha-256 of the content> LF`. The same package therefore has the
// same hash whether it came as a folder, a zip, or a zip with a top-level folder, in any entry order.
import { createHash } from 'node:crypto';
import type { PackageFiles } from './package-files.ts';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentHash(files: PackageFiles): string {
  const listing = createHash('sha256');
  const names = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) listing.update(`${name}\0${sha256(files.get(name)!)}\n`);
  return listing.digest('hex');
}
