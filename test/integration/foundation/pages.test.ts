import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, testConfig, type TestServer } from '../../helpers/app.ts';
import { rawRequest } from '../../helpers/raw-http.ts';

describe('pages, languages and HTTP basics', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const headings = { kk: 'Qorgau: педагогтерді балаларды қорғауға оқыту', ru: 'Qorgau: обучение педагогов защите детей', en: 'Qorgau: training teachers to protect children' };

  for (const [lang, heading] of Object.entries(headings)) {
    it(`renders the home page in ${lang} when asked with ?lang=${lang}`, async () => {
      const page = await new Browser(server.url).get(`/?lang=${lang}`);
      expect(page.status).to.equal(200);
      expect(page.$('html').attr('lang')).to.equal(lang);
      expect(page.$('h1').text()).to.equal(heading);
      expect(page.headers.get('content-type')).to.contain('charset=utf-8');
    });
  }

  it('keeps Kazakh letters intact in the Kazakh page', async () => {
    const page = await new Browser(server.url).get('/?lang=kk');
    for (const letter of 'әғқңөұүі') expect(page.text).to.contain(letter);
  });

  it('remembers the chosen language in a cookie', async () => {
    const browser = new Browser(server.url, { 'accept-language': 'en' });
    await browser.get('/?lang=ru');
    const page = await browser.get('/');
    expect(page.$('html').attr('lang')).to.equal('ru');
  });

  it('falls back to Accept-Language, then to Kazakh', async () => {
    // twice: the second round comes from the languages the server remembers per header
    for (let round = 0; round < 2; round++) {
      expect((await new Browser(server.url, { 'accept-language': 'ru-RU,ru;q=0.9' }).get('/')).$('html').attr('lang')).to.equal('ru');
      expect((await new Browser(server.url, { 'accept-language': 'de' }).get('/')).$('html').attr('lang')).to.equal('kk');
      expect((await new Browser(server.url, { 'accept-language': 'en' }).get('/?lang=xx')).$('html').attr('lang')).to.equal('en');
      expect((await new Browser(server.url, { 'accept-language': 'de;q=0.9, kk;q=0.5, en' }).get('/')).$('html').attr('lang')).to.equal('en');
      expect((await new Browser(server.url).get('/')).$('html').attr('lang')).to.equal('kk');
    }
  });

  it('sends a strict CSP and the other security headers', async () => {
    const page = await new Browser(server.url).get('/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("object-src 'none'");
    expect(csp).to.contain("base-uri 'none'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(page.headers.get('x-powered-by')).to.equal(null);
    expect(page.$('script:not([src])').length, 'no inline scripts').to.equal(0);
    expect(page.$('[style]').length, 'no inline styles').to.equal(0);
  });

  it('serves static files with cache headers and compresses pages', async () => {
    const css = await fetch(`${server.url}/static/css/app.css`, { headers: { 'accept-encoding': 'gzip' } });
    expect(css.status).to.equal(200);
    expect(css.headers.get('cache-control')).to.contain('max-age=86400');
    expect(css.headers.get('content-encoding')).to.equal('gzip');
    const font = await fetch(`${server.url}/static/fonts/noto-sans-cyrillic-ext-400-normal.woff2`);
    expect(font.status).to.equal(200);
    expect(font.headers.get('cache-control')).to.contain('immutable');
  });

  const raw = (path: string, headers: Record<string, string>, method = 'GET') => rawRequest(`${server.url}${path}`, headers, method);

  it('compresses pages for clients that ask, as gzip, or Brotli for a client that takes only that', async () => {
    const plain = await raw('/?lang=kk', {});
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.headers.vary).to.match(/accept-encoding/i);
    const page = plain.body.toString('utf8');
    expect(page).to.contain(headings.kk);

    const gzip = await raw('/?lang=kk', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(gzip.status).to.equal(200);
    expect(gzip.headers['content-encoding']).to.equal('gzip');
    expect(gzip.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(gzip.headers.vary).to.match(/accept-encoding/i);
    expect(Number(gzip.headers['content-length'])).to.equal(gzip.body.length).and.below(plain.body.length / 2);
    expect(gunzipSync(gzip.body).toString('utf8')).to.equal(page);

    const br = await raw('/?lang=kk', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).to.equal('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).to.equal(page);

    // q=0 refuses an encoding; a client that refuses both gets the page as it is
    const refused = await raw('/?lang=kk', { 'accept-encoding': 'gzip;q=0, br;q=0, identity' });
    expect(refused.headers['content-encoding']).to.equal(undefined);
    expect(refused.body.toString('utf8')).to.equal(page);
    const notGzip = await raw('/?lang=kk', { 'accept-encoding': 'gzip;q=0, br' });
    expect(notGzip.headers['content-encoding']).to.equal('br');
  });

  it('sends small bodies and HEAD answers as they are', async () => {
    const health = await raw('/healthz', { 'accept-encoding': 'gzip' });
    expect(health.headers['content-encoding']).to.equal(undefined);
    expect(JSON.parse(health.body.toString('utf8'))).to.be.an('object');
    const head = await raw('/?lang=ru', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).to.equal(200);
    expect(head.headers['content-encoding']).to.equal(undefined);
    expect(head.body.length).to.equal(0);
  });

  it('compresses a localised error page too', async () => {
    const missing = await raw('/no-such-page?lang=kk', { 'accept-encoding': 'gzip' });
    expect(missing.status).to.equal(404);
    expect(missing.headers['content-encoding']).to.equal('gzip');
    expect(gunzipSync(missing.body).toString('utf8')).to.contain('Бет табылмады');
  });

  it('leaves compression to a proxy in front when COMPRESSION is false', async () => {
    const plain = await startTestServer({ config: testConfig({ COMPRESSION: false }) });
    try {
      const page = await fetch(`${plain.url}/?lang=kk`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(page.headers.get('content-encoding')).to.equal(null);
      expect(await page.text()).to.contain(headings.kk);
      const css = await fetch(`${plain.url}/static/css/app.css`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(css.headers.get('content-encoding')).to.equal(null);
    } finally {
      await plain.close();
    }
  });

  it('renders a localised 404 page', async () => {
    const ru = await new Browser(server.url).get('/no-such-page?lang=ru');
    expect(ru.status).to.equal(404);
    expect(ru.$('h1').text()).to.equal('Страница не найдена');
    const kk = await new Browser(server.url).get('/no-such-page?lang=kk');
    expect(kk.$('h1').text()).to.equal('Бет табылмады');
  });

  it('answers JSON errors to JSON callers', async () => {
    const page = await new Browser(server.url, { accept: 'application/json' }).get('/no-such-page?lang=en');
    expect(page.status).to.equal(404);
    expect(JSON.parse(page.text)).to.deep.equal({ error: { code: 'not_found', message: 'The page you asked for does not exist or has moved.', details: [] } });
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready', database: 'up' });
  });

  it('keeps a page under 40 KB', async () => {
    for (const lang of ['kk', 'ru', 'en']) {
      const page = await new Browser(server.url).get(`/?lang=${lang}`);
      expect(Buffer.byteLength(page.text)).to.be.lessThan(40 * 1024);
    }
  });
});
