// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints each
// figure as a ratio against a baseline measured in the same run, so results compare across machines.
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  metric: string;
  value: number;
  baseline: number;
  ratio: number;
  unit?: string;
  notes?: string;
}

interface BenchModule {
  name: string;
  run(): Promise<BenchResult | BenchResult[]>;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
const stems = all.map((f) => f.slice(0, -'.bench.ts'.length));
// a name that is a bench's own runs that bench alone (`pages` is not also `staff-pages`); any
// other names every bench whose file name contains it
const named = (stem: string, o: string) => stem === o || (!stems.includes(o) && stem.includes(o));
const files = all.filter((f, i) => only.length === 0 || only.some((o) => named(stems[i]!, o))).sort();

const rows: (BenchResult & { bench: string })[] = [];
for (const file of files) {
  const mod = (await import(path.join(dir, file))) as BenchModule;
  process.stdout.write(`running ${mod.name} …\n`);
  const started = Date.now();
  const results = await mod.run();
  for (const r of Array.isArray(results) ? results : [results]) rows.push({ bench: mod.name, ...r });
  process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
console.log('\n| bench | metric | value | baseline | ratio | notes |\n| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.bench} | ${r.metric} | ${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''} | ${fmt(r.baseline)}${r.unit ? ` ${r.unit}` : ''} | ${r.ratio >= 0.01 ? r.ratio.toFixed(2) : r.ratio.toPrecision(2)} | ${r.notes ?? ''} |`);
await mkdir(path.join(dir, 'results'), { recursive: true });
await writeFile(path.join(dir, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(rows, null, 2));
process.exit(0);
