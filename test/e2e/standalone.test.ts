import { expect } from 'chai';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server/main.ts run standalone', () => {
  it('serves on the embedded database and, on SIGTERM, stops with no database process left', async function () {
    this.timeout(90_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qorgau-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', MONGODB_URI: '', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let port = 0;
    let dbPid = 0;
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
      lines.on('line', (line) => {
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
      expect(dbPid).to.be.greaterThan(0);
      expect(alive(dbPid)).to.equal(true);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).to.equal(200);
      const home = await fetch(`http://127.0.0.1:${port}/?lang=kk`);
      expect(await home.text()).to.contain('қорғау');

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(alive(dbPid), 'the embedded database stopped with the app').to.equal(false);
      const orphans = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(dataDir));
      expect(orphans).to.deep.equal([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
