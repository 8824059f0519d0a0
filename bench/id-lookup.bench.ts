// Qorgau reads by _id almost everywhere (derived ids, insert-only attempt logs), and a save's
// catch-up read looks for an entry that usually does not exist yet. On FerretDB 1.24/SQLite such
// a lookup scans the whole table unless the launcher's index is there (server/db/ferretdb/
// idindex.go). This bench fills one collection with ROWS attempt-entry-sized documents on two
// embedded FerretDBs in the same run, one started with -index-ids=false, and times lookups by
// _id that miss and that hit the last document, each against the same lookup in a 100-document
// collection on the same server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import type { BenchResult } from './run.ts';
import { percentile } from './lib/server.ts';
import { openDatabase } from '../server/database.ts';
import { startEmbeddedDatabase } from '../server/db/embedded.ts';

export const name = 'id-lookup';
const ROWS = Number(process.env.BENCH_ID_ROWS ?? 100_000);
const SMALL = 100;
const LOOKUPS = 40;

type Entry = { _id: string; attemptId: string; seq: number; kind: string; at: Date; answers: Record<string, unknown> };
const entry = (i: number): Entry => ({
  _id: `${i.toString(16).padStart(24, '0')}:${i % 16}`,
  attemptId: i.toString(16).padStart(24, '0'),
  seq: i % 16,
  kind: 'answers',
  at: new Date(),
  answers: { [`q${i % 14}`]: { kind: 'single', choice: 'b' } },
});

async function fill(db: Db, collection: string, rows: number): Promise<void> {
  for (let i = 0; i < rows; i += 5_000) {
    await db.collection<Entry>(collection).insertMany(Array.from({ length: Math.min(5_000, rows - i) }, (_, j) => entry(i + j)));
  }
}

async function median(lookup: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const started = performance.now();
    await lookup();
    times.push(performance.now() - started);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

async function measure(indexIds: boolean) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-id-'));
  const embedded = await startEmbeddedDatabase(dataDir, undefined, { indexIds });
  const connection = await openDatabase(embedded.uri, 'qorgau_bench_id');
  try {
    const db = connection.db!;
    await fill(db, 'big', ROWS);
    await fill(db, 'small', SMALL);
    // the launcher indexes tables it finds every 2 s
    await new Promise((r) => setTimeout(r, 2_500));
    const big = db.collection<Entry>('big');
    const small = db.collection<Entry>('small');
    return {
      missBig: await median(() => big.findOne({ _id: 'ffffffffffffffffffffffff:0' })),
      missSmall: await median(() => small.findOne({ _id: 'ffffffffffffffffffffffff:0' })),
      lastBig: await median(() => big.findOne({ _id: entry(ROWS - 1)._id })),
    };
  } finally {
    await connection.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const without = await measure(false);
  const withIndex = await measure(true);
  const notes = `${ROWS.toLocaleString('en')} documents; median of ${LOOKUPS} lookups`;
  return [
    { metric: `missing _id in ${ROWS} docs: launcher index vs FerretDB as shipped`, value: withIndex.missBig, baseline: without.missBig, ratio: withIndex.missBig / without.missBig, unit: 'ms', notes },
    { metric: `last _id in ${ROWS} docs: launcher index vs FerretDB as shipped`, value: withIndex.lastBig, baseline: without.lastBig, ratio: withIndex.lastBig / without.lastBig, unit: 'ms', notes },
    { metric: `missing _id in ${ROWS} docs vs in ${SMALL} docs, launcher index`, value: withIndex.missBig, baseline: withIndex.missSmall, ratio: withIndex.missBig / withIndex.missSmall, unit: 'ms', notes: 'flat: ratio ≈ 1 means a lookup does not grow with the collection' },
    { metric: `missing _id in ${ROWS} docs vs in ${SMALL} docs, FerretDB as shipped`, value: without.missBig, baseline: without.missSmall, ratio: without.missBig / without.missSmall, unit: 'ms' },
  ];
}
