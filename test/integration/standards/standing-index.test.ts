// The standings index (server/standards/standing-index.ts) applies this server's own writes in
// place and loads every standing again only after another server's. Writes made here at once (a
// school finishing a course, the certificates sweep) must not look like another server's to it.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { openDatabase } from '../../../server/database.ts';
import { standingIndex } from '../../../server/standards/standing-index.ts';
import { standardsModels } from '../../../server/standards/standing.model.ts';
import type { StandingDoc } from '../../../server/standards/standing.service.ts';
import { databaseUri } from '../../helpers/database.ts';
import { standingRow } from '../../helpers/standings.ts';

const standing = (id: string, state: StandingDoc['standing']): StandingDoc => standingRow(id, { standing: state, updatedAt: new Date() });

describe('the standings index', () => {
  let db: Connection;
  before(async () => {
    db = await openDatabase(await databaseUri(), `qorgau_index_${randomBytes(4).toString('hex')}`);
  });
  after(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('applies many of its own writes made at once without loading every standing again, and loads after another server writes', async () => {
    const models = standardsModels(db);
    let loads = 0;
    const find = models.standings.find.bind(models.standings);
    const counted = Object.create(models.standings, { find: { value: (...args: Parameters<typeof find>) => ((loads += 1), find(...args)) } }) as typeof models.standings;
    const index = standingIndex({ standings: counted, meta: models.meta });
    const ids = Array.from({ length: 20 }, (_, i) => `t${i}`);
    await models.standings.insertMany(ids.map((id) => standing(id, 'not-started')));
    // (a revision stored already: without one, writes made at once raced to create it, E11000)
    await models.meta.create({ _id: 'revision', rev: 'start', at: new Date() });
    const first = await index.snapshot();
    expect(first.rows.length).to.equal(20);
    expect(loads).to.equal(1);

    // twenty writes at once, as the app makes them: stored, then announced to the index
    const written = ids.map((id) => standing(id, 'compliant'));
    await Promise.all(written.map(async (doc) => {
      await models.standings.replaceOne({ _id: doc._id }, doc);
      await index.written([doc]);
    }));
    const after = await index.snapshot();
    expect(loads, 'no load of every standing for its own writes').to.equal(1);
    expect(after.generation).to.equal(first.generation + 20);
    expect(after.rows.every((r) => r.standing === 'compliant')).to.equal(true);

    // another server writes: the revision changes under this one, which loads again at its next check
    await models.standings.replaceOne({ _id: 't0' }, standing('t0', 'overdue'));
    await models.meta.replaceOne({ _id: 'revision' }, { _id: 'revision', rev: 'elsewhere', at: new Date() }, { upsert: true });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const reloaded = await index.snapshot();
    expect(loads).to.equal(2);
    expect(reloaded.byId.get('t0')!.standing).to.equal('overdue');
  });

  it('applies its own writes made while it loads, and does not take them for another server\'s at its next check', async () => {
    const models = standardsModels(db);
    let loads = 0;
    let gate: Promise<void> | null = null;
    const find = models.standings.find.bind(models.standings);
    // a load whose scan waits at the gate, as a scan of 17,000 standings takes a while
    const slow = Object.create(models.standings, {
      find: {
        value: (...args: Parameters<typeof find>) => {
          loads += 1;
          const query = find(...args);
          return { lean: () => ({ cursor: (options: object) => (async function* () {
            if (gate) await gate;
            yield* query.lean().cursor(options) as AsyncIterable<StandingDoc>;
          })() }) };
        },
      },
    }) as typeof models.standings;
    const index = standingIndex({ standings: slow, meta: models.meta });
    await index.snapshot();
    expect(loads).to.equal(1);

    // another server writes; this one's next check loads again, and that load is held at the gate
    await models.meta.replaceOne({ _id: 'revision' }, { _id: 'revision', rev: 'elsewhere-2', at: new Date() }, { upsert: true });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const loading = index.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // meanwhile this server writes five standings (the certificates sweep, a school at the bell)
    const written = ['t1', 't2', 't3', 't4', 't5'].map((id) => standing(id, 'expiring'));
    const writes = Promise.all(written.map(async (doc) => {
      await models.standings.replaceOne({ _id: doc._id }, doc);
      await index.written([doc]);
    }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    open();
    await Promise.all([loading, writes]);
    expect(loads).to.equal(2);

    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const after = await index.snapshot();
    expect(loads, 'its own writes are not another server\'s: no third load').to.equal(2);
    expect(written.every((w) => after.byId.get(w._id)!.standing === 'expiring')).to.equal(true);
  });
});
