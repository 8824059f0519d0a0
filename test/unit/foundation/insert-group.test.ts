// The grouping of insert-group.ts without a database: what waits, what goes together, and that a
// command that fails as a whole (a dropped connection) fails every caller it carried.
import { expect } from 'chai';
import { InsertGroup } from '../../../server/db/insert-group.ts';

/** A collection whose inserts are answered when the test says so. */
function heldCollection() {
  const sent: { docs: object[]; answer(err?: Error): void }[] = [];
  return {
    sent,
    insertMany(docs: object[]) {
      return new Promise<void>((resolve, reject) => sent.push({ docs, answer: (err) => (err ? reject(err) : resolve()) }));
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('InsertGroup', () => {
  it('sends the first insert at once and the ones that arrive meanwhile together, after it', async () => {
    const collection = heldCollection();
    const group = new InsertGroup(collection);
    const first = group.insert({ _id: 1 });
    const later = [group.insert({ _id: 2 }), group.insert({ _id: 3 })];
    await tick();
    expect(collection.sent.map((s) => s.docs)).to.deep.equal([[{ _id: 1 }]]);
    collection.sent[0]!.answer();
    expect(await first).to.equal(true);
    await tick();
    expect(collection.sent.map((s) => s.docs)).to.deep.equal([[{ _id: 1 }], [{ _id: 2 }, { _id: 3 }]]);
    collection.sent[1]!.answer();
    expect(await Promise.all(later)).to.deep.equal([true, true]);
  });

  it("sends the next command when one stalls, and still answers the stalled one's callers when it ends", async () => {
    const collection = heldCollection();
    const group = new InsertGroup(collection, 30);
    const stalled = group.insert({ _id: 1 });
    const next = group.insert({ _id: 2 });
    await tick();
    expect(collection.sent).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(collection.sent.map((s) => s.docs)).to.deep.equal([[{ _id: 1 }], [{ _id: 2 }]]);
    collection.sent[1]!.answer();
    expect(await next).to.equal(true);
    collection.sent[0]!.answer();
    expect(await stalled).to.equal(true);
  });

  it('fails every caller of a command that failed as a whole, and goes on with the next', async () => {
    const collection = heldCollection();
    const group = new InsertGroup(collection);
    const outcome = (p: Promise<boolean>) => p.then(() => null, (e: Error) => e.message);
    const carried = outcome(group.insert({ _id: 1 }));
    const waiting = [outcome(group.insert({ _id: 2 })), outcome(group.insert({ _id: 3 }))];
    await tick();
    collection.sent[0]!.answer(new Error('connection closed'));
    await tick();
    collection.sent[1]!.answer(new Error('connection closed'));
    expect(await Promise.all([carried, ...waiting])).to.deep.equal(['connection closed', 'connection closed', 'connection closed']);
    const after = group.insert({ _id: 4 });
    await tick();
    collection.sent[2]!.answer();
    expect(await after).to.equal(true);
  });
});
