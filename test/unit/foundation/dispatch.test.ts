// Routers passed through by their first segment (http/dispatch.ts) answer every request as the
// same routers mounted one after another with app.use would: the same router wins, in the same
// order, with errors, `next()` and routers that act anywhere kept. Both apps serve real HTTP.
import { expect } from 'chai';
import express, { type Express, type Router } from 'express';
import { createServer, type Server } from 'node:http';
import { routersBySegment } from '../../../server/http/dispatch.ts';

function routers(): Router[] {
  const first = express.Router();
  first.get('/learn/courses/:id', (req, res) => void res.send(`first ${req.params.id}`));
  first.post('/learn/enrol', (_req, res) => void res.send('first enrol'));
  const passing = express.Router();
  passing.get('/other', (_req, res) => void res.send('passing other'));
  // a route that passes on: the next router that matches answers
  passing.get('/learn/lessons/:id', (_req, _res, next) => next());
  const everywhere = express.Router();
  // a middleware acts on any path, so this router is entered for every request
  everywhere.use((req, res, next) => {
    res.setHeader('x-seen', 'everywhere');
    next();
  });
  everywhere.get('/learn/lessons/:id', (req, res) => void res.send(`everywhere ${req.params.id}`));
  const failing = express.Router();
  failing.get('/broken', () => {
    throw new Error('broken');
  });
  const parameter = express.Router();
  parameter.get('/:page', (req, res) => void res.send(`parameter ${req.params.page}`));
  return [first, passing, everywhere, failing, parameter];
}

function finish(app: Express): Express {
  app.use((_req, res) => void res.status(404).send('not found'));
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send(`error ${err.message}`));
  return app;
}

async function listen(app: Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('routers by first segment (http/dispatch.ts)', () => {
  const servers: Server[] = [];
  let mounted: string;
  let dispatched: string;

  before(async () => {
    const plain = express();
    for (const router of routers()) plain.use(router);
    const byPlain = await listen(finish(plain));
    const bySegment = express();
    bySegment.use(routersBySegment(routers()));
    const bySeg = await listen(finish(bySegment));
    servers.push(byPlain.server, bySeg.server);
    mounted = byPlain.url;
    dispatched = bySeg.url;
  });
  after(() => {
    for (const server of servers) server.close();
  });

  const requests: [string, string][] = [
    ['GET', '/learn/courses/a1'],
    ['GET', '/LEARN/Courses/a1'],
    ['POST', '/learn/enrol'],
    ['GET', '/learn/enrol'],
    ['GET', '/learn/lessons/7'],
    ['GET', '/other'],
    ['GET', '/OTHER/'],
    ['GET', '/broken'],
    ['GET', '/learn'],
    ['GET', '/nowhere'],
    ['GET', '/nowhere/deeper'],
    ['GET', '/'],
    ['HEAD', '/other'],
    ['GET', '/learn/courses/%2e%2e'],
  ];

  it('answers each request as the routers mounted in turn do', async () => {
    for (const [method, path] of requests) {
      const [a, b] = await Promise.all([fetch(mounted + path, { method }), fetch(dispatched + path, { method })]);
      const label = `${method} ${path}`;
      expect(b.status, label).to.equal(a.status);
      expect(await b.text(), label).to.equal(await a.text());
      expect(b.headers.get('x-seen'), label).to.equal(a.headers.get('x-seen'));
    }
  });

  it('enters a router that acts anywhere, and passes a route on to the next router', async () => {
    const lesson = await fetch(`${dispatched}/learn/lessons/7`);
    expect(await lesson.text()).to.equal('everywhere 7');
    // a path no router names literally still passes through the router that acts anywhere
    const nowhere = await fetch(`${dispatched}/nowhere`);
    expect(nowhere.headers.get('x-seen')).to.equal('everywhere');
    expect(await nowhere.text()).to.equal('parameter nowhere');
    // a router answering before it is not entered after
    expect((await fetch(`${dispatched}/other`)).headers.get('x-seen')).to.equal(null);
    expect(await (await fetch(`${dispatched}/broken`)).text()).to.equal('error broken');
  });
});
