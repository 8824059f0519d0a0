// A worker thread running one of the app's modules, for work that would hold the thread that serves
// pages (certificates/render/, accounts/import/). Run from TypeScript source (tsx), a worker does not
// inherit the parent's loader, so it registers tsx itself before importing the module; built
// JavaScript needs none.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where tsx's ESM API is, found through its package.json: a module that tsx loaded as CommonJS
 * (as Mocha's hooks are) has no import.meta.resolve, and the API's CommonJS build does not register
 * from a worker's script.
 */
let tsxApi: string | undefined;
function tsxEsmApi(): string {
  if (tsxApi) return tsxApi;
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!;
  return (tsxApi = pathToFileURL(path.join(path.dirname(manifest), exported.import.default)).href);
}

/** Starts `name` (without its extension), relative to `from` (the caller's `import.meta.url`), on a thread. */
export function startWorkerModule(from: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`${name}${fromSource ? '.ts' : '.js'}`, from);
  if (!fromSource) return new Worker(url, options);
  return new Worker(`import(${JSON.stringify(tsxEsmApi())}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`, { ...options, eval: true });
}

/**
 * Runs one job on a thread of its own, which stops after: starts `name`, hands it a copy of `data`
 * (the caller's buffer may share memory with others), and gives each of its messages to `listen`,
 * which may answer the thread (`send`) and settles the job (`done`). The job fails if the thread does.
 */
export function oneJob<T, M>(from: string, name: string, data: Buffer, listen: (message: M, send: (message: unknown) => void, done: (value: T) => void) => void, options: WorkerOptions = {}): Promise<T> {
  const thread = startWorkerModule(from, name, options);
  return new Promise<T>((resolve, reject) => {
    thread.on('message', (message: M) => listen(message, (m) => thread.postMessage(m), resolve));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the thread of ${name} stopped (exit code ${code})`)));
    const copy = new Uint8Array(data);
    thread.postMessage(copy, [copy.buffer]);
  }).finally(() => void thread.terminate());
}

/**
 * What a job on a thread answers, or, when the thread could not answer (it failed to start, died
 * or was stopped), the same work done here: nothing fails for the thread's sake. `warn` is told why.
 * A job answers its refusals (a bad file) rather than throwing them, so they are never done twice.
 */
export async function onThreadOrHere<T>(onThread: () => Promise<T>, here: () => Promise<T>, warn: ((err: unknown) => void) | undefined): Promise<T> {
  try {
    return await onThread();
  } catch (err) {
    warn?.(err);
    return here();
  }
}
