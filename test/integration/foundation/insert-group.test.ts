// Inserts that decide races, sent together when they arrive together (server/db/insert-group.ts,
// through claim.ts insertOnce), on the real database: each document still wins or loses its own
// race, one refused document fails only its own caller, and a crowd's inserts take few commands.
import { expect } from 'chai';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { insertOnce } from '../../../server/db/claim.ts';
import { openDatabase } from '../../../server/database.ts';
import { databaseUri, runDatabaseName } from '../../helpers/database.ts';

interface Claim {
  _id: string;
  holder: string;
  /** a second unique key */
  key: string;
}

describe('inserts sent together (insertOnce)', () => {
  let db: Connection;
  let Claims: Model<Claim>;
  let inserts: CommandStartedEvent[] = [];
  const collection = `grouped_${Date.now().toString(36)}`;

  before(async () => {
    db = await openDatabase(await databaseUri(), runDatabaseName, { monitorCommands: true });
    db.getClient().on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'insert' && event.command.insert === collection) inserts.push(event);
    });
    const schema = new Schema<Claim>({ _id: String, holder: String, key: String }, { collection });
    schema.index({ key: 1 }, { unique: true });
    Claims = db.model<Claim>(`Grouped${collection}`, schema);
    await Claims.createIndexes();
  });
  beforeEach(() => {
    inserts = [];
  });
  const claim = (_id: string, holder: string, key = _id): Promise<boolean> => insertOnce(Claims, { _id, holder, key });
  after(async () => {
    await Claims.collection.drop();
    await db.close();
  });

  it('sends a lone insert at once, in a command of its own', async () => {
    expect(await claim('lone', 'a')).to.equal(true);
    expect(inserts).to.have.length(1);
    expect(inserts[0]!.command.documents).to.have.length(1);
  });

  it('lets exactly one of many racers for the same _id win, also when they share a command', async () => {
    const racers = Array.from({ length: 12 }, (_, i) => claim('seat', `h${i}`));
    const won = await Promise.all(racers);
    expect(won.filter(Boolean)).to.have.length(1);
    const stored = await Claims.findById('seat').lean();
    expect(stored!.holder).to.equal(`h${won.indexOf(true)}`);
    expect(inserts.length).to.be.below(12);
  });

  it('answers each document of a shared command on its own: new ones true, taken ones false', async () => {
    await claim('taken', 'early');
    inserts = [];
    const results = await Promise.all([
      claim('new-1', 'b'),
      claim('taken', 'late'),
      claim('new-2', 'c', 'k'),
      claim('new-3', 'c', 'k'), // the same second key as new-2
      claim('new-4', 'd'),
    ]);
    expect(results).to.deep.equal([true, false, true, false, true]);
    expect(inserts.length).to.be.below(5);
    const ids = (await Claims.find({}, { _id: 1 }).lean()).map((c) => c._id).sort();
    expect(ids).to.include.members(['new-1', 'new-2', 'new-4', 'taken']);
    expect(ids).to.not.include('new-3');
    expect((await Claims.findById('taken').lean())!.holder).to.equal('early');
  });

  it('fails only the caller whose document the database refuses, and stores the rest', async () => {
    const results = await Promise.allSettled([
      claim('fine-1', 'e'),
      claim('fine-2', 'e'),
      insertOnce(Claims, { _id: ['bad'], holder: 'e', key: 'bad' } as never), // an array is never an _id
      claim('fine-3', 'e'),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).to.be.instanceOf(Error);
    const refused = (results[2] as PromiseRejectedResult).reason as { code?: unknown; message: string } & Record<string, unknown>;
    expect(refused.code).to.be.a('number').and.not.equal(11000);
    expect(refused.message).to.match(/_id|array/i);
    expect(JSON.stringify(refused)).to.not.include('"holder"'); // the refused document is not carried into logs
    expect((await Claims.find({ holder: 'e' }, { _id: 1 }).lean()).map((c) => c._id).sort()).to.deep.equal(['fine-1', 'fine-2', 'fine-3']);
  });

  it('takes a crowd of inserts in far fewer commands than inserts, and stores every one', async () => {
    const crowd = Array.from({ length: 200 }, (_, i) => claim(`crowd-${i}`, 'f'));
    expect((await Promise.all(crowd)).every(Boolean)).to.equal(true);
    expect(await Claims.countDocuments({ holder: 'f' })).to.equal(200);
    expect(inserts.length).to.be.at.most(3);
  });
});
