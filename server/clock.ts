// Time comes into the house through one injected clock, so tests and benches can fix it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// Kazakhstan keeps one time, UTC+5, across the country (since 1 March 2024): its days begin at
// 19:00 UTC. A day a reader sees (a completion's, a due date's, a filter's) is a day there.
const KZ_OFFSET_MS = 5 * 3_600_000;

/** The day in Kazakhstan of a moment, as `YYYY-MM-DD`. */
export function kzDay(at: Date | number | string): string {
  const t = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return new Date(t + KZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first moment (ms) of the Kazakhstan day `YYYY-MM-DD`; NaN for a day that is not one. */
export function kzMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00+05:00`);
}

/** The month in Kazakhstan of a moment, as year × 12 + month (0-based). */
export function kzMonth(at: number): number {
  const d = new Date(at + KZ_OFFSET_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
