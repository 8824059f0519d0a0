// Package images for readers: a file is served only with a version that exists, and a draft's
// images only to staff previewing it (learners only ever see published or retired versions).
import type { Readable } from 'node:stream';
import type { Role } from '../accounts/session-user.types.ts';
import type { CourseCatalogService } from './catalog.service.ts';
import type { MediaRepository, StoredMedia } from './media.repository.ts';

export function mediaService(deps: { media: MediaRepository; catalog: Pick<CourseCatalogService, 'version'> }) {
  const { media, catalog } = deps;
  return {
    /** The stored image this reader may see, or null (unknown id, no version, or a draft's image for a teacher). */
    async readable(fileId: string, role: Role | undefined): Promise<StoredMedia | null> {
      const file = await media.find(fileId);
      const version = file && (await catalog.version(file.versionId));
      if (!file || !version || (version.status === 'draft' && role === 'teacher')) return null;
      return file;
    },
    open(file: StoredMedia): Readable {
      return media.open(file.id);
    },
  };
}

export type MediaService = ReturnType<typeof mediaService>;
