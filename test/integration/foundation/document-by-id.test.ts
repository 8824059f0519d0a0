// The reads by _id every page makes (server/db/connection.ts `documentById`) on the real database:
// a stored document, a miss, a projection, and an id that is an operator object refused before
// anything is sent.
import { expect } from 'chai';
import { Types, type Connection } from 'mongoose';
import { documentById } from '../../../server/db/connection.ts';
import { testDatabase } from '../../helpers/database.ts';

describe('reads by _id with the find command (documentById)', () => {
  let db: Connection;
  const collection = `by_id_${Date.now().toString(36)}`;
  const objectId = new Types.ObjectId();

  before(async () => {
    db = await testDatabase();
    await db.getClient().db(db.name).collection(collection).insertMany([
      { _id: 'u:1' as never, token: 'one', at: new Date('2026-12-03T10:00:00Z'), nested: { a: 1 } },
      { _id: objectId, token: 'two' },
    ]);
  });
  after(async () => {
    await db.getClient().db(db.name).collection(collection).drop();
  });

  it('reads a document by a string or an ObjectId, with its types, and null for a miss', async () => {
    const read = documentById<{ _id: string; token: string; at: Date; nested: { a: number } }>(db, collection);
    const one = await read('u:1');
    expect(one).to.deep.equal({ _id: 'u:1', token: 'one', at: new Date('2026-12-03T10:00:00Z'), nested: { a: 1 } });
    expect(one!.at).to.be.instanceOf(Date);
    expect((await read(objectId))?.token).to.equal('two');
    expect(await read('u:2')).to.equal(null);
    expect(await read(objectId.toHexString())).to.equal(null); // an ObjectId is not its hex string
  });

  it('returns only the projected fields', async () => {
    const read = documentById<{ token?: string; at?: Date }>(db, collection);
    expect(await read('u:1', { _id: 0, token: 1 })).to.deep.equal({ token: 'one' });
  });

  it('refuses an id that is an operator object, which would match any document', async () => {
    const read = documentById(db, collection);
    for (const hostile of [{ $ne: null }, { $gt: '' }, ['u:1'], null]) {
      const err = await read(hostile as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(hostile)).to.be.instanceOf(TypeError);
    }
  });
});
