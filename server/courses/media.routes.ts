// GET /media/:fileId — a package image from GridFS. Ids are never reused and files never change,
// so responses may be cached for a year; `private` because only signed-in users may fetch them.
// The content type is the one sniffed from the bytes at upload, and nosniff holds browsers to it.
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '../errors.ts';
import { params } from '../http/params.ts';
import { courseParams } from './course.params.ts';
import type { MediaService } from './media.service.ts';

export function mediaRoutes(media: MediaService): Router {
  const router = Router();
  router.get('/media/:fileId', params({ fileId: courseParams.fileId }), async (req, res) => {
    const file = await media.readable(req.params.fileId, req.user?.role);
    if (!file) throw new NotFoundError('errors.notFound');
    const etag = `"${file.sha256}"`;
    res.set({
      'Content-Type': file.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: etag,
      'Content-Disposition': 'inline',
    });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.set('Content-Length', String(file.length));
    await pipeline(media.open(file), res);
  });
  return router;
}
