// Package images for readers: a file is served only with a version that exists, and a draft's
// images only to staff previewing it (learners only ever see published or retired versions).
//
// The images of published versions are kept per server: a lesson's images are asked for by every
// teacher who opens it, and nothing about them ever changes. A version once published is never a
// draft again and is never deleted (only a draft that was never published can be), and a stored
// file is never rewritten, so what is kept never goes out of date.
import { LRUCache } from 'lru-cache';
import { Readable } from 'node:stream';
import type { Role } from '../accounts/session-user.types.ts';
import type { CourseCatalogService } from './catalog.service.ts';
import type { MediaRepository, StoredMedia } from './media.repository.ts';

/** Bytes of images kept per server, and the largest image kept. */
export const KEPT_BYTES = 32 * 1024 * 1024;
export const KEPT_FILE_BYTES = 2 * 1024 * 1024;

export function mediaService(deps: { media: MediaRepository; catalog: Pick<CourseCatalogService, 'version'> }) {
  const { media, catalog } = deps;
  /** versions known to have been published */
  const published = new LRUCache<string, true>({ max: 10_000 });
  /** files of those versions, by id */
  const files = new LRUCache<string, StoredMedia>({ max: 20_000 });
  const bytes = new LRUCache<string, Buffer>({ maxSize: KEPT_BYTES, sizeCalculation: (b) => Math.max(1, b.length) });

  return {
    /** The stored image this reader may see, or null (unknown id, no version, or a draft's image for a teacher). */
    async readable(fileId: string, role: Role | undefined): Promise<StoredMedia | null> {
      const known = files.get(fileId);
      if (known) return known;
      const file = await media.find(fileId);
      if (!file) return null;
      const versionId = String(file.versionId);
      if (!published.has(versionId)) {
        const version = await catalog.version(file.versionId);
        if (!version || (version.status === 'draft' && role === 'teacher')) return null;
        // a draft, or a version retired (perhaps unpublished, and about to be deleted): asked again
        if (version.status !== 'published') return file;
        published.set(versionId, true);
      }
      files.set(fileId, file);
      return file;
    },

    open(file: StoredMedia): Readable {
      const id = file.id.toHexString();
      const known = bytes.get(id);
      if (known) return Readable.from(known, { objectMode: false });
      const stream = media.open(file);
      if (file.length > KEPT_FILE_BYTES || !files.has(id)) return stream;
      return Readable.from(
        (async function* () {
          const parts: Buffer[] = [];
          for await (const part of stream) {
            parts.push(part as Buffer);
            yield part as Buffer;
          }
          bytes.set(id, Buffer.concat(parts));
        })(),
        { objectMode: false },
      );
    },
  };
}

export type MediaService = ReturnType<typeof mediaService>;
