// How long the event loop was held: a timer every millisecond, and the gaps between its ticks.
// Every request a server has in hand waits behind the longest of them.
import { performance } from 'node:perf_hooks';
import { percentile } from './server.ts';

export interface Stalls {
  /** the longest gap between ticks, ms */
  maxMs: number;
  p99Ms: number;
}

/** Starts watching; `stop` waits for the tick that ends the last stall and gives the gaps. */
export function watchStalls(): { stop(): Promise<Stalls> } {
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 5));
      clearInterval(timer);
      gaps.sort((a, b) => a - b);
      return { maxMs: gaps.at(-1) ?? 0, p99Ms: gaps.length ? percentile(gaps, 99) : 0 };
    },
  };
}

/** The longest stall while `work` runs, ms. */
export async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const watch = watchStalls();
  await work();
  return (await watch.stop()).maxMs;
}

/** The same work done two ways, alternated `rounds` times: the median longest stall of each, ms. */
export async function alternatedStalls(here: () => Promise<unknown>, there: () => Promise<unknown>, rounds = 3): Promise<{ here: number; there: number }> {
  const hereMs: number[] = [];
  const thereMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    hereMs.push(await longestStall(here));
    thereMs.push(await longestStall(there));
  }
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  return { here: median(hereMs), there: median(thereMs) };
}
