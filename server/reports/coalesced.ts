// Work that many requests ask for at once, done once at a time per key. A request joins the run
// that starts after it arrived, never one already under way: what it gets was computed from data
// read after it came, as a run of its own would be. So while standings change every moment (a
// school finishing a course, the certificates sweep), fifty admins on one dashboard make one
// computation running and one waiting, not fifty (docs/performance.md).
import { LRUCache } from 'lru-cache';

export function coalesced<T>() {
  const running = new Map<string, Promise<T>>();
  const waiting = new Map<string, Promise<T>>();

  function start(key: string, work: () => Promise<T>): Promise<T> {
    const run = Promise.resolve().then(work);
    running.set(key, run);
    const done = () => {
      if (running.get(key) === run) running.delete(key);
    };
    run.then(done, done);
    return run;
  }

  return (key: string, work: () => Promise<T>): Promise<T> => {
    const current = running.get(key);
    if (!current) return start(key, work);
    let next = waiting.get(key);
    if (!next) {
      const after = () => {
        waiting.delete(key);
        return start(key, work);
      };
      next = current.then(after, after);
      waiting.set(key, next);
    }
    return next;
  };
}

/**
 * Values derived from the standings, kept per generation (which changes with every standing
 * written) and key, at most `max`; a missing one is made one run at a time per key (above) and
 * kept under the generation read as its run began, so it never stands for a later one.
 */
export function keptPerGeneration<T extends object>(generation: () => Promise<number>, max: number) {
  const kept = new LRUCache<string, T>({ max });
  const runs = coalesced<T>();
  return async (key: string, make: () => Promise<T>): Promise<T> =>
    kept.get(`${await generation()}|${key}`) ??
    runs(key, async () => {
      const at = await generation();
      const value = await make();
      kept.set(`${at}|${key}`, value);
      return value;
    });
}
