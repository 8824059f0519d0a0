// Every signed-in request reads one stamp by _id (server/db/stamps.ts), a save or a quiz page one
// attempt entry more. This bench measures what such a read costs the app's own CPU, as the pages
// do it (`documentById`, the find command itself, server/db/connection.ts) against the driver's
// `findOne` (a cursor built, run and closed around the same command), at 50 reads in flight
// against the embedded database, in rounds that alternate the two, in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchResult } from './run.ts';
import { openDatabase } from '../server/database.ts';
import { documentById } from '../server/db/connection.ts';
import { startEmbeddedDatabase } from '../server/db/embedded.ts';

export const name = 'read-by-id';
const IN_FLIGHT = 50;
const ROUND_MS = Number(process.env.BENCH_READ_ROUND_MS ?? 3_000);
const ROUNDS = 3;
const SUBJECTS = 200;

/** The app's CPU (user + system) per read, in µs, over one round of reads kept IN_FLIGHT deep. */
async function round(read: (id: string) => Promise<unknown>): Promise<{ reads: number; cpuUs: number }> {
  let reads = 0;
  const end = Date.now() + ROUND_MS;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, lane) => {
      while (Date.now() < end) {
        if (!(await read(`u:${(reads + lane) % SUBJECTS}`))) throw new Error('a stamp went missing');
        reads += 1;
      }
    }),
  );
  const used = process.cpuUsage(before);
  return { reads, cpuUs: used.user + used.system };
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-read-'));
  const embedded = await startEmbeddedDatabase(dataDir);
  const connection = await openDatabase(embedded.uri, 'qorgau_bench_read');
  try {
    const collection = connection.getClient().db(connection.name).collection<{ _id: string; token: string }>('stamps');
    await collection.insertMany(Array.from({ length: SUBJECTS }, (_, i) => ({ _id: `u:${i}`, token: `token-${i}` })));
    const command = documentById<{ _id: string; token: string }>(connection, 'stamps');
    const ways = { command: (id: string) => command(id), findOne: (id: string) => collection.findOne({ _id: id }) };
    const totals = { command: { reads: 0, cpuUs: 0 }, findOne: { reads: 0, cpuUs: 0 } };
    await round(ways.findOne); // warm-up: connections opened, code optimised
    await round(ways.command);
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const way of ['findOne', 'command'] as const) {
        const r = await round(ways[way]);
        totals[way].reads += r.reads;
        totals[way].cpuUs += r.cpuUs;
      }
    }
    const perRead = (way: 'command' | 'findOne') => totals[way].cpuUs / totals[way].reads;
    const reads = (way: 'command' | 'findOne') => totals[way].reads / ((ROUNDS * ROUND_MS) / 1000);
    const notes = `${IN_FLIGHT} reads in flight, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s each; ${reads('command').toFixed(0)} against ${reads('findOne').toFixed(0)} reads/s`;
    return [{ metric: 'app CPU per read by _id: the find command vs findOne', value: perRead('command'), baseline: perRead('findOne'), ratio: perRead('command') / perRead('findOne'), unit: 'µs', notes }];
  } finally {
    await connection.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
