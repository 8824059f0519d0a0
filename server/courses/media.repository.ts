// Package images live in GridFS's layout (bucket `media`: `media.files` and `media.chunks`), so that
// every app server reads the same files and MongoDB's own tools read them too. Each file records
// the version it came with; its id is what lesson pages link to.
//
// The chunks are written here, each under the `_id` `<file id>:<n>`, and read back by that `_id`:
// the driver's GridFSBucket finds a file's chunks with `{files_id, n}`, a filter FerretDB answers by
// decoding every chunk of every image stored: a 30 KB image took 1.5 s beside 40 MB of others, and
// takes 5 ms read by _id (`npm run bench -- media`). The fields GridFS reads (`files_id`, `n`,
// `data`) are all there, so GridFSBucket still reads these files, and files it wrote before
// (chunks under ObjectIds) are still served, through it.
import { Binary, GridFSBucket, ObjectId, type GridFSFile } from 'mongodb';
import type { Connection } from 'mongoose';
import { Readable } from 'node:stream';
import { documentById } from '../db/connection.ts';

export interface StoredMedia {
  id: ObjectId;
  contentType: string;
  length: number;
  chunkSize: number;
  sha256: string;
  versionId: ObjectId;
}

export const MEDIA_BUCKET = 'media';
/** GridFS's own default chunk size. */
export const CHUNK_BYTES = 255 * 1024;
/** Chunks sent in one insert (4 MB). */
const CHUNKS_PER_INSERT = 16;

interface ChunkDoc {
  _id: string;
  files_id: ObjectId;
  n: number;
  data: Binary;
}

export const chunkId = (fileId: ObjectId, n: number): string => `${fileId.toHexString()}:${n}`;

function toStored(file: GridFSFile): StoredMedia {
  const meta = (file.metadata ?? {}) as { contentType?: string; sha256?: string; versionId?: ObjectId };
  return { id: file._id, length: file.length, chunkSize: file.chunkSize, contentType: meta.contentType ?? 'application/octet-stream', sha256: meta.sha256 ?? '', versionId: meta.versionId! };
}

export function mediaRepository(db: Connection) {
  const bucket = (): GridFSBucket => new GridFSBucket(db.db!, { bucketName: MEDIA_BUCKET });
  const fileById = documentById<GridFSFile>(db, `${MEDIA_BUCKET}.files`);
  const chunkById = documentById<ChunkDoc>(db, `${MEDIA_BUCKET}.chunks`);

  /** A file's bytes, chunk by chunk, each read by `_id`; a file GridFSBucket wrote is read by it. */
  async function* chunksOf(file: StoredMedia): AsyncGenerator<Buffer> {
    const count = Math.ceil(file.length / file.chunkSize);
    for (let n = 0; n < count; n += 1) {
      const chunk = await chunkById(chunkId(file.id, n));
      if (!chunk && n === 0) {
        for await (const data of bucket().openDownloadStream(file.id)) yield data as Buffer;
        return;
      }
      if (!chunk) throw new Error(`media file ${file.id.toHexString()} has no chunk ${n}`);
      const bytes = chunk.data.buffer;
      yield Buffer.from(bytes.buffer, bytes.byteOffset, chunk.data.position);
    }
  }

  return {
    /** Stores a file: its chunks first, then the file document that makes it readable (as GridFS does). */
    async put(data: Buffer, info: { name: string; contentType: string; sha256: string; versionId: ObjectId }): Promise<ObjectId> {
      const id = new ObjectId();
      const chunks: ChunkDoc[] = [];
      for (let n = 0; n * CHUNK_BYTES < data.length; n += 1) {
        chunks.push({ _id: chunkId(id, n), files_id: id, n, data: new Binary(data.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES)) });
      }
      const handle = db.db!;
      for (let i = 0; i < chunks.length; i += CHUNKS_PER_INSERT) {
        await handle.collection<ChunkDoc>(`${MEDIA_BUCKET}.chunks`).insertMany(chunks.slice(i, i + CHUNKS_PER_INSERT));
      }
      const file: GridFSFile = {
        _id: id,
        length: data.length,
        chunkSize: CHUNK_BYTES,
        uploadDate: new Date(),
        filename: info.name,
        metadata: { contentType: info.contentType, sha256: info.sha256, versionId: info.versionId },
      };
      await handle.collection<GridFSFile>(`${MEDIA_BUCKET}.files`).insertOne(file);
      return id;
    },

    async find(id: string): Promise<StoredMedia | undefined> {
      if (!ObjectId.isValid(id) || !/^[0-9a-f]{24}$/.test(id)) return undefined;
      const file = await fileById(new ObjectId(id));
      return file ? toStored(file) : undefined;
    },

    open(file: StoredMedia): Readable {
      return Readable.from(chunksOf(file), { objectMode: false });
    },

    /** Every stored file with the version it came with. */
    async list(): Promise<StoredMedia[]> {
      return (await bucket().find({}).toArray()).map(toStored);
    },

    async remove(ids: readonly ObjectId[]): Promise<void> {
      for (const id of ids) await bucket().delete(id).catch(() => undefined);
    },
  };
}

export type MediaRepository = ReturnType<typeof mediaRepository>;
