// `BENCH_COMPARE=<another checkout> npm run bench -- pages`: this tree's app against another
// commit's, the same page, on the same database and signed-in teachers, in alternating short
// turns. Whole bench runs a few minutes apart differ by a third on this kind of machine, so a
// change of a tenth does not show in them; turns of a second or two, many of them, alternated
// and summarised by their medians, put two identical apps within 3 % of each other.
import type { ChildServer } from './processes.ts';
import { load, type LoadRequest } from './load.ts';

export interface Comparison {
  /** req/s and CPU ms per response (the app's process alone) of each turn */
  here: { rps: number[]; cpuMs: number[] };
  there: { rps: number[]; cpuMs: number[] };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Loads `request` on both apps in `rounds` pairs of `seconds`-long turns (the order swapped each round), after a warm-up. */
export async function compare(here: ChildServer, there: ChildServer, request: (slot: number) => LoadRequest, slots: number, rounds: number, seconds: number): Promise<Comparison> {
  const turn = (app: ChildServer, duration: number) => load({ url: app.url, request, slots, cpuSeconds: () => app.cpuSeconds(), duration, warmup: 0 });
  // both JITs warm: the first turns of a fresh process run at half speed
  for (let i = 0; i < 4; i++) for (const app of [here, there]) await turn(app, 2);
  const result: Comparison = { here: { rps: [], cpuMs: [] }, there: { rps: [], cpuMs: [] } };
  for (let round = 0; round < rounds; round++) {
    for (const app of round % 2 === 0 ? [here, there] : [there, here]) {
      const figures = await turn(app, seconds);
      if (figures.errors || figures.non2xx) throw new Error(`${app.url}: ${figures.errors} errors, ${figures.non2xx} non-2xx in a turn`);
      const side = app === here ? result.here : result.there;
      side.rps.push(figures.requestsPerSecond);
      side.cpuMs.push(figures.cpuMsPerRequest);
    }
  }
  return result;
}

export function summary(label: string, other: string, c: Comparison): string {
  const rps = median(c.here.rps) / median(c.there.rps);
  const cpu = median(c.here.cpuMs) / median(c.there.cpuMs);
  return [
    `\n${label}: this tree against ${other}, ${c.here.rps.length} alternating turns each\n`,
    '| app | median req/s | median CPU ms/req | req/s of the turns |',
    '| --- | --- | --- | --- |',
    `| this tree | ${median(c.here.rps).toFixed(0)} | ${median(c.here.cpuMs).toFixed(3)} | ${c.here.rps.map((r) => r.toFixed(0)).join(' ')} |`,
    `| ${other} | ${median(c.there.rps).toFixed(0)} | ${median(c.there.cpuMs).toFixed(3)} | ${c.there.rps.map((r) => r.toFixed(0)).join(' ')} |`,
    `\nreq/s ×${rps.toFixed(3)}, CPU per response ×${cpu.toFixed(3)} (this tree against ${other})`,
  ].join('\n');
}
