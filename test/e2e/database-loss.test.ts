// Security L10: when the embedded database dies, the standalone server logs only structured lines,
// restarts the database and serves pages that need it again (the 503 while it is down is tested in
// test/integration/security/database-down.test.ts, where nothing restarts it).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `done` holds or the tries run out; returns the last response. */
async function poll(url: string, done: (status: number) => boolean, tries = 100): Promise<{ status: number; text: string }> {
  let last = { status: 0, text: '' };
  for (let i = 0; i < tries; i++) {
    const response = await fetch(url, { signal: AbortSignal.timeout(15_000) }).catch(() => undefined);
    if (response) last = { status: response.status, text: await response.text() };
    if (response && done(response.status)) return last;
    await pause(200);
  }
  return last;
}

describe('the standalone server when its database dies', () => {
  it('restarts the database, logs it, and serves signed-in pages again', async function () {
    this.timeout(120_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-loss-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', MONGODB_URI: '', NODE_ENV: 'development', WEB_CONCURRENCY: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: string[] = [];
    let port = 0;
    let dbPid = 0;
    const lines = createInterface({ input: child.stdout! });
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
      lines.on('line', (line) => {
        out.push(line);
        const entry = JSON.parse(line) as { msg: string; port?: number; pid?: number };
        if (entry.msg === 'embedded database ready') dbPid = entry.pid!;
        if (entry.msg.startsWith('Qorgau listening')) {
          port = entry.port!;
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      await started;
      const ready = `http://127.0.0.1:${port}/readyz`;
      expect((await fetch(ready)).status).to.equal(200);
      process.kill(dbPid, 'SIGKILL');
      const back = await poll(ready, (s) => s === 200, 150);
      expect(back.status, 'ready again once the database is restarted').to.equal(200);
      const register = await fetch(`http://127.0.0.1:${port}/register?lang=kk`);
      expect(register.status).to.equal(200);
      expect(out.some((l) => l.includes('embedded database died'))).to.equal(true);
      expect(out.some((l) => l.includes('embedded database restarted'))).to.equal(true);
      for (const line of out) expect(() => JSON.parse(line), line.slice(0, 200)).not.to.throw();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
