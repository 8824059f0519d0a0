import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import type { Browser } from '../../helpers/browser.ts';
import { createUser, signIn } from '../../helpers/users.ts';

/** Every link of the site menu on the home page, as the signed-in browser sees it. */
async function menuLinks(browser: Browser): Promise<string[]> {
  const page = await browser.get('/');
  expect(page.status).to.equal(200);
  return page.$('.site-menu ul.nav a').map((_i, a) => page.$(a).attr('href') ?? '').get();
}

describe('the site menu', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  const people = {
    teacher: { role: 'teacher' as const },
    coordinator: { role: 'coordinator' as const },
    'regional admin': { role: 'admin' as const, regionScope: 'almaty', region: 'almaty' },
    'national admin': { role: 'admin' as const, regionScope: null },
  };

  for (const [who, overrides] of Object.entries(people)) {
    it(`shows a ${who} only links that open (200)`, async () => {
      const user = await createUser(server.db, overrides);
      const browser = await signIn(server.url, user.iin, user.password);
      const links = await menuLinks(browser);
      expect(links.length).to.be.greaterThan(1);
      for (const href of links) {
        const page = await browser.get(href);
        expect(page.status, `${who}: ${href}`).to.equal(200);
      }
    });
  }

  it('shows the export log to a national admin and not to a regional one', async () => {
    const regional = await createUser(server.db, people['regional admin']);
    const national = await createUser(server.db, people['national admin']);
    const regionalLinks = await menuLinks(await signIn(server.url, regional.iin, regional.password));
    const nationalLinks = await menuLinks(await signIn(server.url, national.iin, national.password));
    expect(nationalLinks).to.include('/reports/exports');
    expect(regionalLinks).to.not.include('/reports/exports');
    expect(regionalLinks).to.include('/reports/roster');
  });
});
