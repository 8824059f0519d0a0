// Package images (server/courses/media.repository.ts). A lesson's 30 KB image, stored beside
// BENCH_MEDIA_MB (40) MB of other courses' images on the embedded database, read whole as the
// media route reads it (its file by _id, then each chunk by _id), against the driver's
// GridFSBucket reading the same file (a find of its chunks by `{files_id}`, sorted by `n`), in
// rounds that alternate the two, in one run. Both measure the wall time per image of one reader,
// the database's work included.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GridFSBucket } from 'mongodb';
import { Types } from 'mongoose';
import type { BenchResult } from './run.ts';
import { openDatabase } from '../server/database.ts';
import { startEmbeddedDatabase } from '../server/db/embedded.ts';
import { MEDIA_BUCKET, mediaRepository } from '../server/courses/media.repository.ts';

export const name = 'media';
const OTHER_MB = Number(process.env.BENCH_MEDIA_MB ?? 40);
const ROUNDS = 3;
const READS = 5;

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let bytes = 0;
  for await (const part of stream) bytes += (part as Buffer).length;
  return bytes;
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-media-'));
  const embedded = await startEmbeddedDatabase(dataDir);
  const db = await openDatabase(embedded.uri, 'qorgau_bench_media');
  try {
    const media = mediaRepository(db);
    const versionId = new Types.ObjectId();
    const image = randomBytes(30_000);
    const id = await media.put(image, { name: 'images/lesson.png', contentType: 'image/png', sha256: 'x', versionId });
    // other courses' images: 1 MB each
    for (let i = 0; i < OTHER_MB; i += 1) await media.put(randomBytes(1024 * 1024), { name: `images/other-${i}.png`, contentType: 'image/png', sha256: 'x', versionId });
    const bucket = new GridFSBucket(db.db!, { bucketName: MEDIA_BUCKET });
    const ways = {
      'by _id': async () => drain(media.open((await media.find(id.toHexString()))!)),
      GridFSBucket: async () => drain(bucket.openDownloadStream(id)),
    };
    const totals = { 'by _id': 0, GridFSBucket: 0 };
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const way of ['GridFSBucket', 'by _id'] as const) {
        const started = performance.now();
        for (let i = 0; i < READS; i += 1) if ((await ways[way]()) !== image.length) throw new Error(`${way} read a wrong length`);
        // round 0 warms up: connections opened, code optimised
        if (round > 0) totals[way] += performance.now() - started;
      }
    }
    const per = (way: keyof typeof totals) => totals[way] / (ROUNDS * READS);
    const notes = `a 30 KB image beside ${OTHER_MB} MB of others; ${ROUNDS} alternating rounds of ${READS} reads`;
    return [{ metric: 'time to read a lesson image: chunks by _id vs GridFSBucket', value: per('by _id'), baseline: per('GridFSBucket'), ratio: per('by _id') / per('GridFSBucket'), unit: 'ms', notes }];
  } finally {
    await db.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
