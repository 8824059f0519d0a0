// Reads and validates one uploaded package on a thread of its own (validate-thread.ts) and hands
// back the package, or the problems that refuse it.
import { parentPort } from 'node:worker_threads';
import { PackageError, type PackageProblem } from './problems.ts';
import { loadUploadedPackage } from './read-package.ts';
import type { ValidPackage } from './validate-package.ts';

export type ValidateReply = { ok: true; pkg: ValidPackage } | { ok: false; problems: readonly PackageProblem[] } | { ok: false; error: string };

parentPort!.once('message', (zip: Uint8Array) => {
  void loadUploadedPackage(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)).then(
    (pkg) => parentPort!.postMessage({ ok: true, pkg } satisfies ValidateReply),
    (err: unknown) => parentPort!.postMessage((err instanceof PackageError ? { ok: false, problems: err.problems } : { ok: false, error: (err as Error).message }) satisfies ValidateReply),
  );
});
