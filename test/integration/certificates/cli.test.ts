import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { databaseUri, runDatabaseName } from '../../helpers/database.ts';
import { CompactSign } from 'jose';
import { certificatesOn, freshCourseId, storedCompletion } from './fixtures.ts';
import { runEntry, type Run } from '../../helpers/commands.ts';

describe('the qorgau certificates verify and render commands', function () {
  // each command starts a Node process that compiles TypeScript: seconds apiece on a busy machine
  this.timeout(400_000);
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  const courseId = freshCourseId('cert-cli');

  const qorgau = (args: string[]): Promise<Run> => runEntry(args, env);

  before(async () => {
    server = await startTestServer();
    const uri = new URL(await databaseUri());
    uri.pathname = `/${runDatabaseName}`;
    // the same DATA_DIR as the server: the same signing key
    env = { ...process.env, MONGODB_URI: uri.toString(), DATA_DIR: server.config.dataDir, BASE_URL: server.config.baseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  });
  after(async () => server.close());

  it('renders every certificate of a course, resumes, and refuses a folder it cannot write', async () => {
    const certificates = certificatesOn(server);
    const issued = [];
    for (const region of ['almaty', 'almaty', 'astana']) issued.push(await certificates.services.issuer.issue((await storedCompletion(server, { courseId, region })).subject));
    const out = mkdtempSync(path.join(tmpdir(), 'qorgau-render-'));
    const first = await qorgau(['certificates', 'render', '--course', courseId, '--out', out]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain('3 rendered, 0 already correct, 0 failed');
    expect(first.stderr).to.contain('3 of 3 certificates done');
    expect(readdirSync(out).sort()).to.deep.equal(issued.map((c) => `${c.serial}.pdf`).sort());

    truncateSync(path.join(out, `${issued[0]!.serial}.pdf`), 500);
    const again = await qorgau(['certificates', 'render', '--course', courseId, '--out', out]);
    expect(again.stdout).to.contain('1 rendered, 2 already correct');

    const regional = mkdtempSync(path.join(tmpdir(), 'qorgau-render-'));
    await qorgau(['certificates', 'render', '--course', courseId, '--region', 'astana', '--out', regional]);
    expect(readdirSync(regional)).to.deep.equal([`${issued[2]!.serial}.pdf`]);

    const refused = await qorgau(['certificates', 'render', '--course', courseId, '--out', '/proc/qorgau-certificates']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain('Cannot write to /proc/qorgau-certificates');
    expect((await qorgau(['certificates', 'render', '--course', 'Bad Id', '--out', out])).code).to.equal(2);
    expect((await qorgau(['certificates', 'render', '--course', courseId, '--region', 'atlantis', '--out', out])).code).to.equal(2);
  });

  it('verifies a PDF, a code and a JWS; exits non-zero once revoked, and for forged or unreadable input', async () => {
    const certificates = certificatesOn(server);
    const cert = await certificates.services.issuer.issue((await storedCompletion(server)).subject);
    const out = mkdtempSync(path.join(tmpdir(), 'qorgau-render-'));
    await qorgau(['certificates', 'render', '--course', cert.courseId, '--out', out]);
    const file = path.join(out, `${cert.serial}.pdf`);
    expect(existsSync(file)).to.equal(true);
    expect(readFileSync(file).includes(cert.jws)).to.equal(true);

    for (const input of [file, cert.code, cert.jws]) {
      const run = await qorgau(['certificates', 'verify', input]);
      expect(run.code, `${input}: ${run.stderr}`).to.equal(0);
      expect(run.stdout).to.contain('Status: Valid');
    }

    const [header, payload, signature] = cert.jws.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${signature.slice(0, 20)}${signature[20] === 'A' ? 'B' : 'A'}${signature.slice(21)}`;
    const forgedRun = await qorgau(['certificates', 'verify', forged]);
    expect(forgedRun.code).to.equal(1);
    expect(forgedRun.stderr).to.contain('signature does not match');
    const none = `${Buffer.from('{"alg":"none","kid":"x"}').toString('base64url')}.${payload}.${'A'.repeat(43)}`;
    expect((await qorgau(['certificates', 'verify', none])).stderr).to.contain('does not use EdDSA');
    const otherKey = await new CompactSign(Buffer.from(JSON.stringify({ s: cert.serial }))).setProtectedHeader({ alg: 'EdDSA', kid: 'zzzzzzzz' }).sign((await import('node:crypto')).generateKeyPairSync('ed25519').privateKey);
    expect((await qorgau(['certificates', 'verify', otherKey])).stderr).to.contain('never published');
    expect((await qorgau(['certificates', 'verify', 'hello'])).code).to.equal(2);

    await certificates.services.lifecycle.revoke({ id: '000000000000000000000000', role: 'admin', regionScope: null, region: 'astana', displayName: 'x', lang: 'en' }, cert._id, 'error', '');
    const revoked = await qorgau(['certificates', 'verify', file]);
    expect(revoked.code).to.equal(1);
    expect(revoked.stdout).to.contain('Status: Revoked');
  });
});
