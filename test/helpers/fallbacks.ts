// Work moved to a thread of its own falls back to the page-serving thread, with a warning, when its
// thread fails (server/worker-module.ts). A test of the thread must fail if it fell back.
import { expect } from 'chai';

/** A logger that keeps warnings; after each test of the suite, none may have been given. */
export function noFallback(what: string): { warn(err: unknown): void } {
  const warned: unknown[] = [];
  afterEach(() => expect(warned.splice(0), `${what}: done on the page-serving thread instead`).to.deep.equal([]));
  return { warn: (err) => void warned.push(err) };
}
