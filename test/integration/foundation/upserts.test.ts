// Upserts racing to create one document (server/db/claim.ts upserted, replaceAllById), on the real
// database: both racers find nothing and both insert, so the loser's insert fails on the duplicate
// key. Each is sent once more and lands as an update, so no caller sees the race.
import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { replaceAllById, upserted } from '../../../server/db/claim.ts';
import { openDatabase } from '../../../server/database.ts';
import { databaseUri, runDatabaseName } from '../../helpers/database.ts';

const RACERS = 24;

describe('upserts racing to create one document', () => {
  let db: Connection;
  let rows: Collection<Document>;

  before(async () => {
    db = await openDatabase(await databaseUri(), runDatabaseName);
    rows = db.getClient().db(db.name).collection(`upserts_${Date.now().toString(36)}`);
    await rows.insertOne({ _id: 'warm' as never, n: 0 });
  });
  after(async () => {
    await rows.drop();
    await db.close();
  });

  it('lets every racing replaceOne upsert of a new _id succeed, and leaves one document written by one of them', async () => {
    // several new ids, each raced for at once: the race is lost at least once among them
    const ids = Array.from({ length: 8 }, (_, i) => `one-${i}`);
    const results = await Promise.allSettled(ids.flatMap((_id) => Array.from({ length: RACERS }, (_, n) => upserted(() => rows.replaceOne({ _id: _id as never }, { n }, { upsert: true })))));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).to.deep.equal([]);
    for (const _id of ids) {
      const stored = await rows.find({ _id: _id as never }).toArray();
      expect(stored).to.have.length(1);
      expect(stored[0]!['n']).to.be.within(0, RACERS - 1);
    }
  });

  it('lets racing bulk replacements of the same new documents succeed, each document stored once', async () => {
    const ids = ['a', 'b', 'c'];
    const results = await Promise.allSettled(Array.from({ length: RACERS }, (_, n) => replaceAllById(rows, ids.map((_id) => ({ _id, n })))));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).to.deep.equal([]);
    for (const _id of ids) expect(await rows.countDocuments({ _id: _id as never })).to.equal(1);
    // one racer's replacement of each, whole
    for (const doc of await rows.find({ _id: { $in: ids as never[] } }).toArray()) expect(Object.keys(doc).sort()).to.deep.equal(['_id', 'n']);
  });

  it('still fails on an error other than the race: a replacement the database refuses', async () => {
    let refused: unknown;
    try {
      await replaceAllById(rows, [{ _id: 'bad', $bad: 1 }]);
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(Error);
    expect(await rows.countDocuments({ _id: 'bad' as never })).to.equal(0);
  });
});
