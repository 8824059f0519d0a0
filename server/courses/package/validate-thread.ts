// An uploaded package is read and validated on a thread of its own: a 20 MB package's Markdown,
// schemas and hashes held the server's other requests about 0.7 s (bench package-validate).
// Uploads are rare, so each starts a thread and stops it after. Should the thread fail, the
// package is validated here instead; a package refused is refused with the same problems either way.
import type { Logger } from '../../logger.ts';
import { oneJob, onThreadOrHere } from '../../worker-module.ts';
import { PackageError } from './problems.ts';
import { loadUploadedPackage } from './read-package.ts';
import type { ValidPackage } from './validate-package.ts';
import type { ValidateReply } from './validate-worker.ts';

const onThread = (zip: Buffer) => oneJob<ValidateReply, ValidateReply>(import.meta.url, './validate-worker', zip, (reply, _send, done) => done(reply));

/** Reads and validates an uploaded .zip on a thread of its own (here, if that thread fails). */
export async function loadUploadedPackageOffThread(zip: Buffer, logger?: Pick<Logger, 'warn'>): Promise<ValidPackage> {
  const warn = logger && ((err: unknown) => logger.warn({ err }, 'package not validated on its thread; validating it here'));
  const reply = await onThreadOrHere<ValidateReply>(
    async () => {
      const answer = await onThread(zip);
      // a thread hands Buffers back as plain byte arrays
      if (answer.ok) for (const image of answer.pkg.images) image.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      return answer;
    },
    async () => ({ ok: true, pkg: await loadUploadedPackage(zip) }),
    warn,
  );
  if (reply.ok) return reply.pkg;
  if ('problems' in reply) throw new PackageError(reply.problems);
  throw new Error(reply.error);
}
