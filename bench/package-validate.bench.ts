// Validating a 20 MB course package (the issue asks for under 1 s on the reference machine).
// Value: reading the zip into memory and validating it (schema, cross-checks, Markdown, image
// magic bytes, content hash). Baseline, in the same run: inflating every entry and hashing it
// with SHA-256, the least any reader of the same bytes must do.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { loadUploadedPackage } from '../server/courses/package/read-package.ts';
import { loadUploadedPackageOffThread } from '../server/courses/package/validate-thread.ts';
import { alternatedStalls } from './lib/stalls.ts';
import type { BenchResult } from './run.ts';
import { readZip } from '../server/courses/package/read-zip.ts';
import { validatePackage } from '../server/courses/package/validate-package.ts';
import { buildZip, filesOf } from '../test/helpers/zip.ts';

export const name = 'package-validate';
const ROUNDS = 7;
const MODULES = 20;
const LESSONS = 3;
const QUESTIONS = 40;
const IMAGES = 5;

// A seeded generator, so every run validates the same package.
let seed = 42;
const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const words = 'бала мектеп педагог қауіп көмек ата-ана сынып қорғау белгі ден қою ребёнок школа помощь риск признак защита child school teacher help risk sign safety report listen record'.split(' ');
const sentence = (n: number): string => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
const text = (n: number) => ({ kk: sentence(n), ru: sentence(n), en: sentence(n) });

function lesson(): string {
  const parts = [];
  for (let i = 0; i < 60; i++) {
    parts.push(`## ${sentence(4)}\n\n${sentence(80)}.\n\n- ${sentence(10)}\n- ${sentence(10)}\n\n> ${sentence(20)}\n\n[${sentence(2)}](https://example.kz/${i})`);
    if (i % 30 === 0) parts.push(`![${sentence(3)}](images/figure-${i % IMAGES}.png)`);
  }
  return `${parts.join('\n\n')}\n`;
}

function png(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) data.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(data);
  return data;
}

function bigPackage(): Map<string, Buffer> {
  const files = filesOf('test/fixtures/packages/mini-course');
  for (const name of [...files.keys()]) if (name.startsWith('modules/')) files.delete(name);
  const modules = [];
  for (let m = 1; m <= MODULES; m++) {
    const id = `m${String(m).padStart(2, '0')}`;
    const lessons = [];
    for (let l = 1; l <= LESSONS; l++) {
      lessons.push(`      - id: l${l}\n        title: ${JSON.stringify(text(5))}`);
      for (const lang of ['kk', 'ru', 'en']) files.set(`modules/${id}/l${l}.${lang}.md`, Buffer.from(lesson()));
    }
    for (let i = 0; i < IMAGES; i++) files.set(`modules/${id}/images/figure-${i}.png`, png(210_000));
    const questions = Array.from({ length: QUESTIONS }, (_, q) => ({
      id: `q${q}`,
      type: 'single',
      text: text(30),
      options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: text(12) })),
      correct: 'b',
      explanation: text(50),
    }));
    files.set(`modules/${id}/quiz.json`, Buffer.from(JSON.stringify({ settings: { draw: 10, passMark: 80, timeLimitMinutes: 20, maxAttempts: 3, cooldownMinutes: 30 }, questions })));
    modules.push(`  - id: ${id}\n    title: ${JSON.stringify(text(4))}\n    lessons:\n${lessons.join('\n')}`);
  }
  const manifest = files.get('course.yaml')!.toString().replace(/modules:[\s\S]*$/, `modules:\n${modules.join('\n')}\n`);
  files.set('course.yaml', Buffer.from(manifest));
  return files;
}

async function baseline(zip: Buffer): Promise<void> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: yauzl.Entry) => {
      const start = entry.relativeOffsetOfLocalHeader + 30 + entry.fileNameLength;
      const body = zip.subarray(start, start + entry.compressedSize);
      createHash('sha256').update(entry.compressionMethod === 8 ? inflateRawSync(body) : body).digest();
      archive.readEntry();
    });
    archive.once('end', resolve);
    archive.once('error', reject);
    archive.readEntry();
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const files = bigPackage();
  const zip = buildZip([...files].map(([n, data]) => ({ name: n, data })));
  const unpacked = [...files.values()].reduce((n, d) => n + d.length, 0);
  const validate: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    validatePackage(await readZip(zip));
    validate.push(performance.now() - started);
    started = performance.now();
    await baseline(zip);
    base.push(performance.now() - started);
  }
  const value = median(validate);
  const reference = median(base);
  // an upload as the server takes it: the longest stall of the thread that serves pages while the
  // package is validated on its own thread, against validating it here
  const stalls = await alternatedStalls(
    () => loadUploadedPackage(zip),
    () => loadUploadedPackageOffThread(zip, { warn: (err: unknown) => console.warn(err) }),
  );
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return [
    {
      metric: `validate a ${mb(zip.length)} MB zip (${mb(unpacked)} MB unpacked, ${files.size} files) vs inflate + SHA-256 of it (median)`,
      value,
      baseline: reference,
      ratio: value / reference,
      unit: 'ms',
      notes: `${ROUNDS} rounds; target: value under 1000 ms`,
    },
    {
      metric: `longest event-loop stall while an uploaded ${mb(zip.length)} MB package is validated`,
      value: stalls.there,
      baseline: stalls.here,
      ratio: stalls.there / stalls.here,
      unit: 'ms',
      notes: 'on its own thread (as the upload is) against on the thread that serves pages; median of 3 alternated',
    },
  ];
}
