// Starts a MongoDB-compatible server for development and tests when MONGODB_URI is unset:
// `mongod` if one is on PATH, else FerretDB 1.24.2 (SQLite backend) from the Go launcher in
// ./ferretdb, built on first use (ferretdb-launcher.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../logger.ts';
import { EmbeddedDatabaseError, ensureFerretdbLauncher, launcherBinary, onPath } from './ferretdb-launcher.ts';

export interface EmbeddedDatabase {
  readonly uri: string;
  readonly engine: 'mongod' | 'ferretdb';
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export { EmbeddedDatabaseError, launcherBinary };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new EmbeddedDatabaseError(`database exited with code ${child.exitCode}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new EmbeddedDatabaseError(`database did not listen on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Keeps a database process running: when it dies on its own (a crash, the OOM killer, a kill -9),
 * it is started again on the same port and files after a pause that doubles with each quick death
 * (0.5 s up to 30 s), and each death and restart is logged. The driver reconnects by itself.
 */
function keepRunning(first: ChildProcess, again: () => ChildProcess, engine: string, logger?: Logger): { current: () => ChildProcess; stop: () => Promise<void> } {
  let child = first;
  let stopping = false;
  let delay = 500;
  let startedAt = Date.now();
  const watch = (c: ChildProcess): void => {
    c.once('exit', (code, signal) => {
      if (stopping) return;
      // a process that ran a minute was healthy: start over from a short pause
      if (Date.now() - startedAt > 60_000) delay = 500;
      logger?.error({ engine, code, signal, restartInMs: delay }, 'embedded database died; restarting it');
      setTimeout(() => {
        if (stopping) return;
        startedAt = Date.now();
        child = again();
        logger?.info({ engine, pid: child.pid }, 'embedded database restarted');
        watch(child);
      }, delay).unref();
      delay = Math.min(delay * 2, 30_000);
    });
  };
  watch(first);
  return {
    current: () => child,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

export interface EmbeddedOptions {
  /** start the database again when it dies (the standalone server); tests that kill it say no */
  restart?: boolean;
  /**
   * FerretDB only: index the expression its SQLite backend filters `_id` by, so a lookup by
   * _id is a search rather than a scan (server/db/ferretdb/idindex.go). On by default; the
   * id-lookup benchmark turns it off to measure what it saves.
   */
  indexIds?: boolean;
}

export async function startEmbeddedDatabase(dataDir: string, logger?: Logger, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const port = await freePort();
  const mongod = onPath('mongod');
  if (mongod) {
    const dbPath = path.join(dataDir, 'mongod');
    mkdirSync(dbPath, { recursive: true });
    const start = () => spawn(mongod, ['--dbpath', dbPath, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const child = start();
    await waitForPort(port, child, 30_000);
    logger?.info({ engine: 'mongod', port, pid: child.pid }, 'embedded database ready');
    return running(`mongodb://127.0.0.1:${port}/`, 'mongod', child, start, options, logger);
  }

  const binary = ensureFerretdbLauncher(logger);
  const dbPath = path.join(dataDir, 'ferretdb');
  mkdirSync(dbPath, { recursive: true });
  // stdin stays a pipe: the launcher exits when it closes, so even a killed Node process
  // leaves no database behind.
  const start = () =>
    spawn(binary, ['-listen', `127.0.0.1:${port}`, '-data', dbPath, '-exit-on-stdin-eof', '-log-level', logger?.level === 'debug' ? 'debug' : 'error', `-index-ids=${options.indexIds ?? true}`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
  const child = start();
  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new EmbeddedDatabaseError('FerretDB did not report ready within 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new EmbeddedDatabaseError(`FerretDB exited with code ${code} before it was ready`));
    });
  });
  await waitForPort(port, child, 10_000);
  logger?.info({ engine: 'ferretdb', port, pid: child.pid }, 'embedded database ready');
  return running(uri, 'ferretdb', child, start, options, logger);
}

function running(uri: string, engine: EmbeddedDatabase['engine'], child: ChildProcess, start: () => ChildProcess, options: EmbeddedOptions, logger?: Logger): EmbeddedDatabase {
  if (!options.restart) return { uri, engine, pid: child.pid, stop: () => stopChild(child) };
  const kept = keepRunning(child, start, engine, logger);
  return {
    uri,
    engine,
    get pid() {
      return kept.current().pid;
    },
    stop: kept.stop,
  };
}
