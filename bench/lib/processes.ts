// Child processes of `bench -- pages`: the app as production starts it (server/main.ts), and the
// bare baseline (bare-server.ts). Each is reached over HTTP on a loopback port it is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../server/db/embedded.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  url: string;
  /** CPU seconds (user + system) used so far by the server and its workers */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** CPU seconds of a process and its direct children (cluster workers), from /proc. */
export function cpuSecondsOf(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // fields after the command name: state ppid ... utime(14) stime(15)
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === pid || Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

async function ready(url: string, child: ChildProcess, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with code ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms`);
}

/**
 * The node options `npm start` gives the app in a checkout (its package.json's start script, such
 * as the young generation's size), so that the app is measured as production starts it.
 */
export function startOptions(from: string = root): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const words = (scripts.start ?? '').split(/\s+/);
  const options: string[] = [];
  for (let i = words.indexOf('node') + 1; i > 0 && i < words.length && words[i]!.startsWith('-'); i += 1) {
    if (words[i] === '--import') i += 1; // tsx: added for every entry below
    else options.push(words[i]!);
  }
  return options;
}

/**
 * Starts a TypeScript entry point under tsx with `env`, its output appended to `logFile`; `from` is
 * another checkout to start it from. The app (server/main.ts) gets the node options of that
 * checkout's `npm start` before `nodeArgs`.
 */
export async function startChild(entry: string, env: Record<string, string>, probe: string, logFile: string, nodeArgs: string[] = [], from: string = root): Promise<ChildServer> {
  const port = await freePort();
  const out = openSync(logFile, 'a');
  const options = entry === 'server/main.ts' ? startOptions(from) : [];
  const child = spawn(process.execPath, [...options, ...nodeArgs, '--import', 'tsx', path.join(from, entry)], {
    cwd: from,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  await ready(url + probe, child);
  return {
    url,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Waits until a server uses under a tenth of a core for two seconds in a row (`maxSeconds` at most). */
export async function settled(server: ChildServer, maxSeconds = 300): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < maxSeconds && quiet < 2; i += 1) {
    const before = server.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    quiet = server.cpuSeconds() - before < 0.1 ? quiet + 1 : 0;
  }
}
