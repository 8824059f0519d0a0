// Certificates rendered for downloads on a thread of their own. A render costs about 15 ms of CPU
// (bench/certificates.bench.ts); on the thread that serves pages, a group finishing a course and
// downloading at once held every other page back by that much per certificate. One thread, started
// at the first download and replaced if it dies, renders them in turn while pages go on. It never
// keeps the process alive.
import type { Worker } from 'node:worker_threads';
import { renderCertificate, type RenderInput } from '../pdf/certificate-pdf.ts';
import { startRenderWorker } from './bulk-render.ts';
import { onThreadOrHere } from '../../worker-module.ts';
import type { RenderJob, RenderReply } from './render-worker.ts';

export interface RenderThread {
  render(input: RenderInput): Promise<Buffer>;
  /**
   * Starts the thread now and has it render a sample certificate, thrown away: the thread's start,
   * its modules and fonts and the first render's compilation take about half a second, which the
   * first download (and every download that arrives with it) would otherwise wait for.
   */
  warm(): void;
  /** Stops the thread; a render asked for after this starts it again. */
  close(): Promise<void>;
}

/** What `warm` renders: every part a certificate prints, in both alphabets. */
const SAMPLE: RenderInput = {
  verifyUrl: 'https://qorgau.example/verify/AAAAAAAAAAAAAAAAAAAA',
  certificate: {
    serial: 'QRG-2026-000000',
    code: 'AAAAAAAAAAAAAAAAAAAA',
    holderName: 'Әбілқасымова Гүлнұр Қайратқызы',
    lang: 'kk',
    title: { kk: 'Қорғау', ru: 'Защита', en: 'Protection' },
    version: '1.0.0',
    academicHours: 1,
    standards: ['QS-1'],
    score: 100,
    completedAt: new Date(0),
    issuedAt: new Date(0),
    jws: 'AAAA.AAAA.AAAA',
  },
};

export function renderThread(): RenderThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { thread: Worker; resolve(pdf: Buffer): void; reject(err: Error): void }>();

  /** Fails the jobs sent to `thread` (every job, without one). */
  const failAll = (err: Error, thread?: Worker) => {
    for (const [id, job] of pending) {
      if (thread && job.thread !== thread) continue;
      pending.delete(id);
      job.reject(err);
    }
  };

  const started = (): Worker => {
    if (worker) return worker;
    const thread = startRenderWorker();
    thread.unref();
    thread.on('message', (reply: RenderReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (reply.ok && reply.pdf) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job.reject(new Error(reply.ok ? 'the render thread sent no PDF' : reply.error));
    });
    // a thread that dies takes its jobs with it: they fail, and the next render starts another
    const lost = (err: Error) => {
      if (worker === thread) worker = undefined;
      failAll(err, thread);
    };
    thread.on('error', lost);
    thread.on('exit', (code) => lost(new Error(`the render thread stopped (exit code ${code})`)));
    worker = thread;
    return thread;
  };

  return {
    render(input) {
      return new Promise<Buffer>((resolve, reject) => {
        const id = nextId++;
        const thread = started();
        pending.set(id, { thread, resolve, reject });
        try {
          thread.postMessage({ id, input } satisfies RenderJob);
        } catch (err) {
          // an input that cannot be sent (a value no thread can receive)
          pending.delete(id);
          reject(err as Error);
        }
      });
    },
    warm() {
      this.render(SAMPLE).catch(() => undefined);
    },
    async close() {
      const thread = worker;
      worker = undefined;
      failAll(new Error('the render thread was stopped'));
      if (thread) await thread.terminate();
    },
  };
}

/**
 * Renders on the thread, or on this one when the thread could not (it failed to start, died or was
 * stopped): a download never fails for the thread's sake. `warn` is told why.
 */
export function orHere(thread: RenderThread, warn: (err: unknown) => void): (input: RenderInput) => Promise<Buffer> {
  return (input) => onThreadOrHere(() => thread.render(input), () => renderCertificate(input), warn);
}
