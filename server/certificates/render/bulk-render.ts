// Renders many certificates into a folder on every core: one worker thread per core, each kept
// busy with two jobs at a time. It can be run again after an interruption: a file is written under
// a temporary name and renamed when complete, and a file already there whose signed proof is the
// certificate's own (the XMP metadata near its end holds it) is left as it is.
import { availableParallelism } from 'node:os';
import { access, constants, mkdir, open, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorkerModule } from '../../worker-module.ts';
import type { RenderInput } from '../pdf/certificate-pdf.ts';
import type { RenderJob, RenderReply } from './render-worker.ts';

export type Renderable = RenderInput['certificate'];

export interface BulkResult {
  rendered: number;
  skipped: number;
  failed: { serial: string; error: string }[];
}

export interface BulkOptions {
  out: string;
  verifyUrl(code: string): string;
  workers?: number;
  /** told after each certificate: how many are done (rendered or skipped) of how many */
  progress?(done: number, total: number): void;
}

export class OutputNotWritable extends Error {
  constructor(readonly dir: string, cause: unknown) {
    super(`cannot write to ${dir}: ${(cause as Error).message}`);
    this.name = 'OutputNotWritable';
  }
}

/** Makes sure `dir` exists and takes files, before any work starts. */
export async function checkWritable(dir: string): Promise<void> {
  try {
    // level by level: `mkdir -p` semantics without { recursive: true }, which spins on some paths (/proc)
    const missing: string[] = [];
    for (let d = path.resolve(dir); !(await stat(d).then(() => true, () => false)); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) await mkdir(d);
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.qorgau-write-check-${process.pid}`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    throw new OutputNotWritable(dir, err);
  }
}

const TAIL = 16 * 1024;

/** Whether the file holds this certificate already: complete, and carrying its signed proof. */
async function alreadyCorrect(file: string, jws: string): Promise<boolean> {
  try {
    const { size } = await stat(file);
    if (size < 1000) return false;
    const handle = await open(file, 'r');
    try {
      const tail = Buffer.alloc(Math.min(TAIL, size));
      await handle.read(tail, 0, tail.length, size - tail.length);
      const text = tail.toString('latin1');
      return text.trimEnd().endsWith('%%EOF') && text.includes(jws);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** A render thread (render-worker.ts). */
export const startRenderWorker = (): Worker => startWorkerModule(import.meta.url, './render-worker');

export async function renderAll(certificates: readonly Renderable[], options: BulkOptions): Promise<BulkResult> {
  await checkWritable(options.out);
  const result: BulkResult = { rendered: 0, skipped: 0, failed: [] };
  const total = certificates.length;
  let done = 0;
  const tick = () => options.progress?.((done += 1), total);

  const jobs: RenderJob[] = [];
  for (const c of certificates) {
    const file = path.join(options.out, `${c.serial}.pdf`);
    if (await alreadyCorrect(file, c.jws)) {
      result.skipped += 1;
      tick();
    } else jobs.push({ id: jobs.length, input: { certificate: c, verifyUrl: options.verifyUrl(c.code) }, file });
  }
  if (jobs.length === 0) return result;

  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  const workers = Array.from({ length: count }, () => startRenderWorker());
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const feed = () => {
              while (inFlight < 2 && next < jobs.length) {
                worker.postMessage(jobs[next++]);
                inFlight += 1;
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (reply: RenderReply) => {
              inFlight -= 1;
              if (reply.ok) result.rendered += 1;
              else result.failed.push({ serial: jobs[reply.id]!.input.certificate.serial, error: reply.error });
              tick();
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return result;
}
