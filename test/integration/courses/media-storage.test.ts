// Package images are stored in GridFS's layout with chunks under derived ids, and read back chunk by
// chunk by _id: FerretDB answers GridFS's own `{files_id, n}` lookup by decoding every chunk stored.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { GridFSBucket, type CommandStartedEvent } from 'mongodb';
import { Types, type Connection } from 'mongoose';
import { CHUNK_BYTES, MEDIA_BUCKET, chunkId, mediaRepository } from '../../../server/courses/media.repository.ts';
import { openDatabase } from '../../../server/database.ts';
import { databaseUri } from '../../helpers/database.ts';

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('package images in the database', () => {
  let db: Connection;
  let commands: CommandStartedEvent[] = [];
  const info = { name: 'images/photo.png', contentType: 'image/png', sha256: 'x', versionId: new Types.ObjectId() };

  before(async () => {
    db = await openDatabase(await databaseUri(), `qorgau_media_${randomBytes(4).toString('hex')}`, { monitorCommands: true });
    db.getClient().on('commandStarted', (e) => commands.push(e));
  });
  after(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('reads an image of several chunks back by _id alone, whatever else is stored', async () => {
    const media = mediaRepository(db);
    // other images beside it: a read that scanned the chunks would decode these too
    for (let i = 0; i < 3; i += 1) await media.put(randomBytes(CHUNK_BYTES), { ...info, name: `images/other-${i}.png` });
    const data = randomBytes(2 * CHUNK_BYTES + 1234);
    const id = await media.put(data, info);
    const chunks = await db.db!.collection(`${MEDIA_BUCKET}.chunks`).find({ files_id: id }).sort({ n: 1 }).toArray();
    expect(chunks.map((c) => c._id)).to.deep.equal([0, 1, 2].map((n) => chunkId(id, n)));

    commands = [];
    const file = (await media.find(id.toHexString()))!;
    expect(file).to.include({ length: data.length, contentType: 'image/png', chunkSize: CHUNK_BYTES });
    expect((await bytesOf(media.open(file))).equals(data)).to.equal(true);
    const finds = commands.filter((e) => e.commandName === 'find');
    expect(finds.map((e) => String(e.command.find))).to.deep.equal([`${MEDIA_BUCKET}.files`, ...Array(3).fill(`${MEDIA_BUCKET}.chunks`)]);
    for (const e of finds) expect(Object.keys((e.command as { filter: object }).filter)).to.deep.equal(['_id']);
    expect(commands.filter((e) => e.commandName !== 'find').map((e) => e.commandName)).to.deep.equal([]);
  });

  it('stores what GridFS itself reads, and serves what GridFS wrote before', async () => {
    const media = mediaRepository(db);
    const bucket = new GridFSBucket(db.db!, { bucketName: MEDIA_BUCKET });
    const ours = randomBytes(CHUNK_BYTES + 10);
    const id = await media.put(ours, info);
    expect((await bytesOf(bucket.openDownloadStream(id))).equals(ours)).to.equal(true);

    const theirs = randomBytes(CHUNK_BYTES * 2 - 7);
    const upload = bucket.openUploadStream('images/old.png', { metadata: { contentType: 'image/png', sha256: 'y', versionId: info.versionId } });
    await new Promise<void>((resolve, reject) => upload.once('finish', () => resolve()).once('error', reject).end(theirs));
    const old = (await media.find(upload.id.toHexString()))!;
    expect((await bytesOf(media.open(old))).equals(theirs)).to.equal(true);
  });

  it('serves an empty file as empty, and nothing for an id that names no file', async () => {
    const media = mediaRepository(db);
    const id = await media.put(Buffer.alloc(0), info);
    expect(await db.db!.collection(`${MEDIA_BUCKET}.chunks`).countDocuments({ files_id: id })).to.equal(0);
    expect((await bytesOf(media.open((await media.find(id.toHexString()))!))).length).to.equal(0);
    expect(await media.find(new Types.ObjectId().toHexString())).to.equal(undefined);
    expect(await media.find('not-an-id')).to.equal(undefined);
  });
});
