// The stylesheet and scripts, kept compressed in memory (server/http/static-compressed.ts): the
// bytes on the wire decompress to the file on disk, conditional requests get a 304, and an edit
// outside production shows on the next request.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import express from 'express';
import { compressedStatic } from '../../../server/http/static-compressed.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { rawRequest } from '../../helpers/raw-http.ts';

const stylesheet = readFileSync(new URL('../../../static/css/app.css', import.meta.url));

describe('static files', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(`${server.url}${p}`, headers, method);

  it('sends the stylesheet as Brotli or gzip, whichever the client prefers of those it takes, and decompressing gives the file', async () => {
    const br = await get('/static/css/app.css?v=1', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).to.equal(200);
    expect(br.headers['content-encoding']).to.equal('br');
    expect(br.headers['content-type']).to.equal('text/css; charset=utf-8');
    expect(br.headers['cache-control']).to.equal('public, max-age=86400');
    expect(br.headers.vary).to.match(/accept-encoding/i);
    expect(Number(br.headers['content-length'])).to.equal(br.body.length).and.below(stylesheet.length / 3);
    expect(brotliDecompressSync(br.body).equals(stylesheet)).to.equal(true);

    const gzip = await get('/static/css/app.css', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).to.equal('gzip');
    expect(gunzipSync(gzip.body).equals(stylesheet)).to.equal(true);

    for (const refusing of [{} as Record<string, string>, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': 'zstd' }]) {
      const plain = await get('/static/css/app.css', refusing);
      expect(plain.headers['content-encoding'], JSON.stringify(refusing)).to.equal(undefined);
      expect(plain.body.equals(stylesheet)).to.equal(true);
    }
    const script = await get('/static/js/app.js', { 'accept-encoding': 'br' });
    expect(script.headers['content-type']).to.equal('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(script.body).equals(readFileSync(new URL('../../../static/js/app.js', import.meta.url)))).to.equal(true);
  });

  it('answers a repeated request with 304 for the same encoding, and HEAD without a body', async () => {
    const first = await get('/static/css/app.css', { 'accept-encoding': 'br' });
    const tag = first.headers.etag as string;
    expect(tag).to.match(/^"[\w-]+-br"$/);
    const again = await get('/static/css/app.css', { 'accept-encoding': 'br', 'if-none-match': tag });
    expect(again.status).to.equal(304);
    expect(again.body.length).to.equal(0);
    // another encoding is another body: its tag differs, so the Brotli tag does not match it
    const gzip = await get('/static/css/app.css', { 'accept-encoding': 'gzip', 'if-none-match': tag });
    expect(gzip.status).to.equal(200);
    const head = await get('/static/css/app.css', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).to.equal(200);
    expect(Number(head.headers['content-length'])).to.equal(gzip.body.length);
    expect(head.body.length).to.equal(0);
  });

  it('leaves fonts to express.static, and answers an unknown or malformed file with the localised page not found', async () => {
    const font = await get('/static/fonts/noto-sans-cyrillic-400-normal.woff2', { 'accept-encoding': 'gzip, br' });
    expect(font.status).to.equal(200);
    expect(font.headers['content-encoding']).to.equal(undefined);
    expect(font.headers['cache-control']).to.contain('immutable');
    for (const p of ['/static/css/none.css?lang=kk', '/static/css/%E0.css?lang=kk', '/static/css/../../package.json?lang=kk', '/static/js/.hidden.js?lang=kk']) {
      const missing = await get(p, { 'accept-encoding': 'gzip' });
      expect(missing.status, p).to.equal(404);
      expect(gunzipSync(missing.body).toString('utf8'), p).to.contain('Бет табылмады');
    }
  });

  it('shows an edited file at once outside production, and a new file once it appears', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'qorgau-static-'));
    mkdirSync(path.join(root, 'css'));
    const app = express().use(compressedStatic(root, { cacheControl: 'no-cache', watch: true }), (_req, res) => void res.status(404).end());
    const listening = app.listen(0);
    await new Promise((resolve) => listening.once('listening', resolve));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/css/site.css`;
    try {
      expect((await rawRequest(url)).status).to.equal(404);
      writeFileSync(path.join(root, 'css/site.css'), 'body { color: #222; }');
      expect((await rawRequest(url, { 'accept-encoding': 'gzip' })).status).to.equal(200);
      writeFileSync(path.join(root, 'css/site.css'), 'body { color: #000; } /* қазақша */');
      // a later modification time, as an editor's save makes
      utimesSync(path.join(root, 'css/site.css'), new Date(), new Date(Date.now() + 5_000));
      const edited = await rawRequest(url, { 'accept-encoding': 'br' });
      expect(brotliDecompressSync(edited.body).toString('utf8')).to.equal('body { color: #000; } /* қазақша */');
    } finally {
      listening.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
