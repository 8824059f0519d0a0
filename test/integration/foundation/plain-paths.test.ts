// The short cuts a page takes on its way (docs/performance.md), each answering as the long way did:
// routers entered only for the paths their routes begin with, a long page sent as the string it is,
// and a session cookie's signature checked once per server.
import { expect } from 'chai';
import express from 'express';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { rawRequest } from '../../helpers/raw-http.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { firstSegments } from '../../../server/http/route-gate.ts';

describe('plain paths through the app', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it("knows a router's first segments only when every route begins with a literal one", () => {
    const literal = express.Router();
    literal.get('/learn/courses/:courseId', (_req, res) => res.end());
    literal.post('/.well-known/jwks.json', (_req, res) => res.end());
    literal.get('/', (_req, res) => res.end());
    expect([...firstSegments(literal)!].sort()).to.deep.equal(['', '.well-known', 'learn']);
    const param = express.Router();
    param.get('/:anything', (_req, res) => res.end());
    expect(firstSegments(param)).to.equal(undefined);
    const wildcard = express.Router();
    wildcard.get('/*rest', (_req, res) => res.end());
    expect(firstSegments(wildcard)).to.equal(undefined);
    const middleware = express.Router();
    middleware.use((_req, _res, next) => next());
    middleware.get('/learn', (_req, res) => res.end());
    expect(firstSegments(middleware)).to.equal(undefined);
  });

  it('routes a path with or without its trailing slash, as Express does, and an unknown one to the 404 page', async () => {
    const browser = new Browser(server.url, { 'accept-language': 'en' });
    for (const path of ['/login', '/login/', '/privacy', '/privacy/', '/verify/']) {
      const page = await browser.get(path);
      expect(page.status, path).to.equal(200);
      expect(page.$('h1').text(), path).to.not.equal('');
    }
    for (const path of ['/loginx', '/learnx/courses', '//login', '/%6Cogin']) expect((await browser.get(path)).status, path).to.equal(404);
  });

  it('sends a long page uncompressed with its exact length in UTF-8, and a HEAD with the same headers and no body', async () => {
    const get = await rawRequest(`${server.url}/?lang=kk`);
    expect(get.status).to.equal(200);
    expect(get.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(get.headers['content-encoding']).to.equal(undefined);
    const text = get.body.toString('utf8');
    expect(text.length).to.be.at.least(1000);
    expect(Number(get.headers['content-length'])).to.equal(get.body.length);
    for (const letter of 'әғқңөұүі') expect(text).to.contain(letter);
    const head = await rawRequest(`${server.url}/?lang=kk`, {}, 'HEAD');
    expect(head.status).to.equal(200);
    expect(head.body.length).to.equal(0);
    expect(head.headers['content-length']).to.equal(get.headers['content-length']);
    expect(head.headers['content-type']).to.equal(get.headers['content-type']);
  });

  it('refuses a session cookie with a changed signature, even once the true one was seen', async () => {
    const user = await createUser(server.db);
    const browser = await signIn(server.url, user.email, user.password);
    expect((await browser.get('/profile')).status).to.equal(200);
    const cookie = browser.cookies.get('qorgau.sid')!;
    const forged = new Browser(server.url);
    forged.cookies.set('qorgau.sid', cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    // answered as a visitor is
    expect((await forged.get('/profile')).status).to.equal(401);
    expect((await browser.get('/profile')).status).to.equal(200);
  });
});
