// One rendering thread: renders the certificates it is sent. In bulk (render/bulk-render.ts) it
// writes each PDF under a temporary name, then renames it, so a file with the final name is always
// complete; for a download (render/render-thread.ts) it hands the bytes back.
import { rename, writeFile } from 'node:fs/promises';
import { parentPort, threadId } from 'node:worker_threads';
import { renderCertificate, type RenderInput } from '../pdf/certificate-pdf.ts';

export interface RenderJob {
  id: number;
  input: RenderInput;
  /** where to write the PDF; without one, the bytes come back in the reply */
  file?: string;
}
export type RenderReply = { id: number; ok: true; bytes: number; pdf?: Uint8Array } | { id: number; ok: false; error: string };

parentPort!.on('message', (job: RenderJob) => {
  void (async () => {
    try {
      const bytes = await renderCertificate(job.input);
      if (!job.file) {
        // a copy of its own, so its memory can be handed over rather than copied again
        const pdf = new Uint8Array(bytes);
        parentPort!.postMessage({ id: job.id, ok: true, bytes: pdf.length, pdf } satisfies RenderReply, [pdf.buffer]);
        return;
      }
      const partial = `${job.file}.${process.pid}-${threadId}.part`;
      await writeFile(partial, bytes);
      await rename(partial, job.file);
      parentPort!.postMessage({ id: job.id, ok: true, bytes: bytes.length } satisfies RenderReply);
    } catch (err) {
      parentPort!.postMessage({ id: job.id, ok: false, error: (err as Error).message } satisfies RenderReply);
    }
  })();
});
