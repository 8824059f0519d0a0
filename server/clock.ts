// Time comes into the house through one injected clock, so tests and benches can fix it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
