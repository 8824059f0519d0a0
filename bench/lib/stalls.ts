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
