// Package images live in GridFS (bucket `media`), so that every app server reads the same files.
// Each file records the version it came with; its id is what lesson pages link to.
import { GridFSBucket, ObjectId, type GridFSFile } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Readable } from 'node:stream';

export interface StoredMedia {
  id: ObjectId;
  contentType: string;
  length: number;
  sha256: string;
  versionId: ObjectId;
}

export const MEDIA_BUCKET = 'media';

function toStored(file: GridFSFile): StoredMedia {
  const meta = (file.metadata ?? {}) as { contentType?: string; sha256?: string; versionId?: ObjectId };
  return { id: file._id, length: file.length, contentType: meta.contentType ?? 'application/octet-stream', sha256: meta.sha256 ?? '', versionId: meta.versionId! };
}

export function mediaRepository(db: Connection) {
  const bucket = (): GridFSBucket => new GridFSBucket(db.db!, { bucketName: MEDIA_BUCKET });
  return {
    async put(data: Buffer, info: { name: string; contentType: string; sha256: string; versionId: ObjectId }): Promise<ObjectId> {
      const upload = bucket().openUploadStream(info.name, { metadata: { contentType: info.contentType, sha256: info.sha256, versionId: info.versionId } });
      await new Promise<void>((resolve, reject) => {
        upload.once('finish', () => resolve());
        upload.once('error', reject);
        upload.end(data);
      });
      return upload.id;
    },

    async find(id: string): Promise<StoredMedia | undefined> {
      if (!ObjectId.isValid(id) || !/^[0-9a-f]{24}$/.test(id)) return undefined;
      const [file] = await bucket().find({ _id: new ObjectId(id) }).limit(1).toArray();
      return file ? toStored(file) : undefined;
    },

    open(id: ObjectId): Readable {
      return bucket().openDownloadStream(id);
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
