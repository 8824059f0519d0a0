// Builds .zip archives byte by byte for tests, including the malformed ones a real zip tool would
// refuse to make: names with `..` or backslashes, symlink entries, lying sizes, bombs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data?: Buffer;
  /** 0 stored, 8 deflated (default) */
  method?: 0 | 8;
  /** the uncompressed size written in the headers, when it should lie */
  declaredSize?: number;
  /** Unix mode bits, e.g. 0o120777 for a symlink; default a regular file */
  mode?: number;
}

/** A zip of the given entries, with UTF-8 names and Unix attributes. */
export function buildZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? 8;
    const body = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Every file under a folder, by its path from that folder with `/` separators. */
export function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of filesOf(full, `${prefix}${name}/`)) files.set(k, v);
    else files.set(`${prefix}${name}`, readFileSync(full));
  }
  return files;
}

/** A zip of a file map, optionally inside a top-level folder. */
export function zipOf(files: ReadonlyMap<string, Buffer>, folder = ''): Buffer {
  return buildZip([...files].map(([name, data]) => ({ name: folder ? `${folder}/${name}` : name, data })));
}

export const miniCourseDir = 'test/fixtures/packages/mini-course';

/** The mini-course fixture as a file map, to change one file and zip it again. */
export function miniCourse(): Map<string, Buffer> {
  return filesOf(miniCourseDir);
}

/** Replaces text in one file of a file map (the fixture files are UTF-8). */
export function edit(files: Map<string, Buffer>, name: string, change: (text: string) => string): Map<string, Buffer> {
  const text = files.get(name)?.toString('utf8');
  if (text === undefined) throw new Error(`no ${name} in the package`);
  files.set(name, Buffer.from(change(text), 'utf8'));
  return files;
}
