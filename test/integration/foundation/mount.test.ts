import { expect } from 'chai';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';

/** Every same-origin URL a page refers to: links, form actions, scripts, styles, preloads. */
function referencedUrls(page: Awaited<ReturnType<Browser['get']>>): string[] {
  const urls: string[] = [];
  page.$('a[href]').each((_i, el) => void urls.push(page.$(el).attr('href')!));
  page.$('form[action]').each((_i, el) => void urls.push(page.$(el).attr('action')!));
  page.$('link[href], script[src]').each((_i, el) => void urls.push(page.$(el).attr('href') ?? page.$(el).attr('src')!));
  return urls.filter((u) => !/^(https?:|mailto:|tel:|#)/.test(u));
}

describe('mounted under /training in a host app', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mount: '/training' });
  });
  after(() => server.close());

  it('serves its pages under the mount path and leaves the host alone', async () => {
    const browser = new Browser(server.origin);
    expect((await browser.get('/training/')).status).to.equal(200);
    expect((await browser.get('/')).text).to.equal('host home');
    expect((await browser.get('/training/healthz')).status).to.equal(200);
  });

  it('compresses its own pages and leaves the host\'s responses as the host sends them', async () => {
    const own = await fetch(`${server.origin}/training/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(own.headers.get('content-encoding')).to.equal('gzip');
    const host = await fetch(`${server.origin}/long`, { headers: { 'accept-encoding': 'gzip' } });
    expect(host.headers.get('content-encoding')).to.equal(null);
    expect(await host.text()).to.equal('<p>host</p>'.repeat(400));
  });

  it('keeps every link, form action and asset under /training, and each one answers', async () => {
    const browser = new Browser(server.origin);
    const seen = new Set<string>();
    const queue = ['/training/', '/training/?lang=ru', '/training/?lang=en'];
    while (queue.length && seen.size < 200) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const page = await browser.get(url);
      expect(page.status, url).to.be.oneOf([200, 302, 303]);
      if (!(page.headers.get('content-type') ?? '').includes('html')) continue;
      for (const ref of referencedUrls(page)) {
        const absolute = new URL(ref, server.origin + url).pathname + new URL(ref, server.origin + url).search;
        expect(absolute, `${ref} on ${url}`).to.match(/^\/training(\/|$)/);
        const form = page.$(`form[action="${ref}"]`);
        if (form.length && (form.attr('method') ?? 'get').toLowerCase() === 'post') continue;
        if (!seen.has(absolute)) queue.push(absolute);
      }
    }
    expect(seen.size).to.be.greaterThan(3);
  });
});
