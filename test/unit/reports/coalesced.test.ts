// coalesced.ts: one run at a time per key, and a request only ever joins a run that starts after it
// arrived, so what it gets was computed from data read after it came.
import { expect } from 'chai';
import { coalesced } from '../../../server/reports/coalesced.ts';

/** A run that waits until released; records the value it read when it started. */
function gated() {
  let value = 0;
  let runs = 0;
  const gates: (() => void)[] = [];
  const work = () => {
    runs += 1;
    const read = value; // what a run sees: the data at its start
    return new Promise<number>((resolve) => gates.push(() => resolve(read)));
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { work, gates, settle, runs: () => runs, set: (v: number) => (value = v) };
}

describe('coalesced work', () => {
  it('runs once for many callers at a time, and gives those who came during a run the next run', async () => {
    const run = coalesced<number>();
    const g = gated();
    g.set(1);
    const first = run('k', g.work);
    await g.settle();
    g.set(2); // a write lands after the first run read
    const later = [run('k', g.work), run('k', g.work), run('k', g.work)];
    await g.settle();
    expect(g.runs()).to.equal(1);
    g.gates.shift()!();
    expect(await first).to.equal(1);
    await g.settle();
    expect(g.runs(), 'one more run for the three that came during the first').to.equal(2);
    g.gates.shift()!();
    expect(await Promise.all(later)).to.deep.equal([2, 2, 2]);
  });

  it('keeps keys apart, and a failed run fails only its own callers', async () => {
    const run = coalesced<number>();
    let calls = 0;
    const failing = run('a', async () => {
      calls += 1;
      throw new Error('no');
    });
    const after = run('a', async () => {
      calls += 1;
      return 7;
    });
    const other = run('b', async () => 9);
    expect(await failing.then(() => 'resolved', (err: Error) => err.message)).to.equal('no');
    expect(await after).to.equal(7);
    expect(await other).to.equal(9);
    expect(calls).to.equal(2);
    expect(await run('a', async () => 8), 'nothing running: a run of its own').to.equal(8);
  });
});
