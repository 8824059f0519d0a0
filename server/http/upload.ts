// The one way a route takes a file: Multer in memory (nothing reaches the disk, so nothing is left to
// clean up), with limits on size, files, fields and parts, then the CSRF check that csrfProtection
// could not make before the body was parsed. A route using it must be declared `upload` in its
// access rule; every other route refuses a multipart body (http/csrf.ts).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { ValidationError, type AppError } from '../errors.ts';
import { csrfAfterUpload } from './csrf.ts';

export interface UploadOptions {
  /** the form field that carries the file */
  field: string;
  maxBytes: number;
  /** how many other form fields the form has (the CSRF token included) */
  fields: number;
  /** the refusal for a file over `maxBytes` */
  tooLarge: () => AppError;
  /** shows a refusal on the form's own page; throws what it cannot show */
  /** answers a refused upload; a failure of its own (or of its promise) goes to the error page */
  refuse: (req: Request, res: Response, err: AppError) => void | Promise<void>;
}

/** Multer's limit errors, in the user's language, naming the file field. */
export function uploadRefusal(err: unknown, options: Pick<UploadOptions, 'field' | 'tooLarge'>): AppError {
  const code = (err as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') return options.tooLarge();
  return new ValidationError('errors.upload', [{ field: options.field, message: `errors.multer.${code ?? 'unknown'}` }]);
}

/** The middleware of an upload route: receive the file within limits, then check the CSRF token. */
export function fileUpload(options: UploadOptions): RequestHandler[] {
  const receive = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxBytes, files: 1, fields: options.fields, parts: options.fields + 1, fieldSize: 1024, headerPairs: 50 },
    defParamCharset: 'utf8',
  }).single(options.field);
  const receiveWithinLimits: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    receive(req, res, (err: unknown) => {
      if (!err) return next();
      Promise.resolve()
        .then(() => options.refuse(req, res, uploadRefusal(err, options)))
        .catch(next);
    });
  };
  return [receiveWithinLimits, csrfAfterUpload];
}

