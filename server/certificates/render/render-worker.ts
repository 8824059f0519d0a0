// One bulk-rendering thread: renders the certificates it is sent and writes each PDF under a
// temporary name, then renames it, so a file with the final name is always complete.
import { rename, writeFile } from 'node:fs/promises';
import { parentPort, threadId } from 'node:worker_threads';
import { renderCertificate, type RenderInput } from '../pdf/certificate-pdf.ts';

export interface RenderJob {
  id: number;
  input: RenderInput;
  file: string;
}
export type RenderReply = { id: number; ok: true; bytes: number } | { id: number; ok: false; error: string };

parentPort!.on('message', (job: RenderJob) => {
  void (async () => {
    try {
      const bytes = await renderCertificate(job.input);
      const partial = `${job.file}.${process.pid}-${threadId}.part`;
      await writeFile(partial, bytes);
      await rename(partial, job.file);
      parentPort!.postMessage({ id: job.id, ok: true, bytes: bytes.length } satisfies RenderReply);
    } catch (err) {
      parentPort!.postMessage({ id: job.id, ok: false, error: (err as Error).message } satisfies RenderReply);
    }
  })();
});
