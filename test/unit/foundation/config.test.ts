import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ConfigError, configKeys, loadConfig } from '../../../server/config.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'qorgau-config-'));

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).to.equal(3000);
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.env).to.equal('development');
    expect(config.logLevel).to.equal('info');
    expect(config.baseUrl).to.equal('http://localhost:3000');
    expect(config.selfRegistration).to.equal(true);
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('names every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'http://x', BASE_URL: 'not a url', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const message = (err as Error).message;
      for (const key of ['PORT', 'MONGODB_URI', 'BASE_URL', 'LOG_LEVEL', 'NODE_ENV']) expect(message).to.contain(key);
    }
  });

  it('requires SESSION_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).to.throw(ConfigError, /SESSION_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: dataDir() });
    expect(config.isProduction).to.equal(true);
  });

  it('generates a development secret once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    const second = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first).to.have.length.greaterThan(31);
    expect(second).to.equal(first);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8')).to.equal(first);
  });

  it('is documented key by key in .env.example and the README', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const key of Object.keys(configKeys)) {
      expect(example, `.env.example documents ${key}`).to.match(new RegExp(`^#?\\s*${key}=`, 'm'));
      expect(readme, `README documents ${key}`).to.contain(`\`${key}\``);
    }
  });

  it('is the only reader of process.env in the server', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('grep', ['-rl', 'process.env', 'server', '--include=*.ts'], { encoding: 'utf8' }).trim().split('\n').sort();
    // the embedded database's launcher build looks Go up on PATH and passes the environment to `go build`, the CLI
    // reads npm's version: neither is configuration
    expect(out).to.deep.equal(['server/cli/main.ts', 'server/config.ts', 'server/db/ferretdb-launcher.ts']);
  });
});
