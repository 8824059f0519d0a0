// Runs a TypeScript entry point of the app (the `qorgau` command, the standalone server) as a child
// process, as an operator would, and collects what it printed.
import { spawn } from 'node:child_process';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `entry` (default: the `qorgau` command) with `args` and `env`; `input` is its standard input. */
export function runEntry(args: readonly string[], env: NodeJS.ProcessEnv, input = '', entry = 'server/cli/main.ts'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
