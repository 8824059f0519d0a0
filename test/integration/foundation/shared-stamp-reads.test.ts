// Requests that arrive before a stamp read is sent share it (db/remembered.ts): it sees every
// write acknowledged before they arrived. A request that arrives after it was sent reads again, so
// a write acknowledged before that request arrived always shows. Against the real database, with
// the real stamps counted as they are read.
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { testDatabase } from '../../helpers/database.ts';
import { learnerCache, type LearnerCache } from '../../../server/db/remembered.ts';
import { CATALOG_STAMP, stamps, userStamp, type Stamps } from '../../../server/db/stamps.ts';

describe('stamp reads shared by requests', () => {
  let db: Connection;
  let store: Stamps;
  let reads: string[];
  let cache: LearnerCache;
  /** while set, a stamp read gets its result and then waits for this */
  let hold: Promise<void> | undefined;

  before(async () => {
    db = await testDatabase();
    store = stamps(db);
  });
  beforeEach(() => {
    reads = [];
    const counted: Stamps = {
      async read(subject) {
        reads.push(subject);
        const held = hold;
        const token = await store.read(subject);
        await held;
        return token;
      },
      change: (subject) => store.change(subject),
    };
    cache = learnerCache(counted);
  });

  /** a request of `userId`: its scope opens now, and it reads `what` once `go` resolves */
  function request<T>(userId: string, go: Promise<unknown>, what: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => cache.scope(userId, () => void go.then(what).then(resolve, reject)));
  }

  it('sends one read of the catalogue stamp for requests that all arrived before it was sent', async () => {
    let loads = 0;
    const load = async () => ++loads;
    let start!: () => void;
    const go = new Promise<void>((resolve) => (start = resolve));
    const pages = ['a', 'b', 'c', 'd'].map((user) => request(user, go, () => cache.readCatalog('offer', load)));
    start();
    expect(await Promise.all(pages)).to.deep.equal([1, 1, 1, 1]);
    expect(reads).to.deep.equal([CATALOG_STAMP]);
  });

  it('reads again for a request that arrived after the read was sent, so a write acknowledged before it arrived shows', async () => {
    let version = 0;
    const load = async () => version;
    expect(await request('a', Promise.resolve(), () => cache.readCatalog('offer', load))).to.equal(0);
    // a second request's read is sent, gets the stamp as it stands, and is held back
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const second = request('b', Promise.resolve(), () => cache.readCatalog('offer', load));
    while (reads.length < 2) await new Promise((resolve) => setImmediate(resolve));
    hold = undefined;
    // a publish is acknowledged, then a third request arrives: the held read must not answer it
    version = 1;
    await store.change(CATALOG_STAMP);
    expect(await request('c', Promise.resolve(), () => cache.readCatalog('offer', load))).to.equal(1);
    expect(reads).to.have.length(3);
    release();
    await second;
  });

  it('keeps each user to their own stamp, and a change made here is read afresh by the next request', async () => {
    const id = 'shared-reads-user';
    let version = 0;
    const load = async () => version;
    const go = Promise.resolve();
    expect(await request(id, go, () => cache.read(id, 'doc', load))).to.equal(0);
    version = 1;
    await cache.changed(id);
    expect(await request(id, go, () => cache.read(id, 'doc', load))).to.equal(1);
    expect(reads).to.deep.equal([userStamp(id), userStamp(id)]);
  });
});
