// Reads an uploaded .zip entry by entry into memory; nothing is ever written to disk. Every name,
// type and declared size is checked from the central directory before a single entry is
// inflated, and yauzl's size validation stops an entry whose real size differs from its declared one.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeFile, isZip } from './file-types.ts';
import { packageLimits } from './limits.ts';
import { checkListed, filesWithProblems, refuseUnsafe, selectFiles, type ListedFile, type PackageFiles } from './package-files.ts';
import { PackageError, problem, WHOLE_PACKAGE, type PackageProblem } from './problems.ts';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function refuse(key: string, params?: Record<string, unknown>): PackageError {
  return new PackageError([problem(WHOLE_PACKAGE, '', key, params)]);
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

// Names are decoded here rather than by yauzl so that an unsafe name gets its own message
// (yauzl would only fail the whole archive); backslashes are kept to be refused, not rewritten.
function entryName(entry: Entry): string {
  let extraFields: ReturnType<typeof yauzl.parseExtraFields> = [];
  try {
    extraFields = yauzl.parseExtraFields(entry.extraFieldRaw);
  } catch {
    // a malformed extra field only loses the Unicode path; the plain name is still checked
  }
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, extraFields, true);
}

function checkEntry(entry: Entry, name: string, problems: PackageProblem[]): boolean {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) {
    problems.push(problem(name, '', 'symlink'));
    return false;
  }
  if (entry.isEncrypted()) {
    problems.push(problem(name, '', 'encrypted'));
    return false;
  }
  if (!entry.canDecodeFileData()) {
    problems.push(problem(name, '', 'compressionMethod', { method: entry.compressionMethod }));
    return false;
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (ratio > packageLimits.ratio) {
    problems.push(problem(name, '', 'compressionRatio', { ratio: Math.round(ratio), limit: packageLimits.ratio }));
    return false;
  }
  return checkListed(name, entry.uncompressedSize, problems);
}

function sizeOrDamage(err: unknown, name: string): PackageError {
  const message = err instanceof Error ? err.message : '';
  const key = /too many bytes|not enough bytes|size mismatch/i.test(message) ? 'sizeMismatch' : 'zipDamaged';
  return new PackageError([problem(name, '', key)]);
}

async function inflate(zip: ZipFile, entry: Entry, name: string): Promise<Buffer> {
  try {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      // yauzl already stops at the declared size; this guard keeps memory bounded even so.
      if (length > entry.uncompressedSize) throw new Error('too many bytes in the stream');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
  } catch (err) {
    throw sizeOrDamage(err, name);
  }
}

/** The files of a zipped package, or a PackageError listing why it is refused. */
export async function readZip(data: Buffer): Promise<PackageFiles> {
  if (!isZip(data)) {
    const kind = describeFile(data);
    throw kind ? refuse('notZipButKind', { kind }) : refuse('notZip');
  }
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: true });
  } catch {
    throw refuse('zipDamaged');
  }
  if (zip.entryCount > packageLimits.entries) throw refuse('tooManyEntries', { count: zip.entryCount, limit: packageLimits.entries });

  let entries: Entry[];
  try {
    entries = await listEntries(zip);
  } catch (err) {
    throw sizeOrDamage(err, WHOLE_PACKAGE);
  }
  const problems: PackageProblem[] = [];
  const listed: ListedFile<Entry>[] = [];
  for (const entry of entries) {
    const name = entryName(entry);
    if (name.endsWith('/')) {
      checkListed(name, 0, problems);
      continue;
    }
    if (checkEntry(entry, name, problems)) listed.push({ name, size: entry.uncompressedSize, source: entry });
  }
  const selected = selectFiles(listed, problems);
  const handOn = refuseUnsafe(problems);

  const files = new Map<string, Buffer>();
  for (const [name, file] of selected) files.set(name, await inflate(zip, file.source, file.name));
  return filesWithProblems(files, handOn);
}
