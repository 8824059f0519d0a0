// A server remembers a signed-in session under its user's stamp (http/session.ts): a session
// written or ended through another server must show on this server's next request. Two bare
// Express apps here, each with the session middleware and its own memory, share the database, as
// two Qorgau servers behind a load balancer do.
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { cookies } from '../../../server/http/cookies.ts';
import { Types, type Connection } from 'mongoose';
import { testDatabase } from '../../helpers/database.ts';
import { sessionMiddleware } from '../../../server/http/session.ts';
import { learnerCache } from '../../../server/db/remembered.ts';
import { stamps } from '../../../server/db/stamps.ts';

interface Node {
  url: string;
  server: Server;
}

async function node(db: Connection): Promise<Node> {
  const app = express();
  app.use(cookies());
  app.use(sessionMiddleware({ db, secret: 'test-secret-test-secret-test-secret-1234', secure: false, remembered: learnerCache(stamps(db)) }));
  app.get('/sign-in/:user', (req, res) => {
    (req.session as { passport?: { user: string } }).passport = { user: req.params.user };
    res.json({ signedIn: true });
  });
  app.get('/flash/:key', (req, res) => {
    req.session.flash = { kind: 'info', key: req.params.key };
    res.json({ set: true });
  });
  app.get('/sign-out', (req, res) => req.session.destroy(() => res.json({ signedOut: true })));
  app.get('/show', (req, res) => res.json({ user: (req.session as { passport?: { user: string } }).passport?.user ?? null, flash: req.session.flash?.key ?? null }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('sessions remembered by each server', () => {
  let db: Connection;
  let here: Node;
  let there: Node;
  before(async () => {
    db = await testDatabase();
    here = await node(db);
    there = await node(db);
  });
  after(() => {
    for (const n of [here, there]) n.server.close();
  });

  let cookie = '';
  const get = async (at: Node, path: string) => {
    const res = await fetch(at.url + path, { headers: cookie ? { cookie } : {} });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('qorgau.sid='));
    if (set) cookie = set.split(';')[0]!;
    return (await res.json()) as Record<string, unknown>;
  };
  /** the session as the other server shows it, after it has read it, read it under the stamp and served it from memory */
  const rememberedThere = async () => {
    for (let i = 0; i < 3; i++) await get(there, '/show');
  };

  beforeEach(async () => {
    cookie = '';
    await get(here, `/sign-in/${new Types.ObjectId().toHexString()}`);
  });

  it('shows a change written through the other server on the next request', async () => {
    await rememberedThere();
    expect(await get(there, '/show')).to.include({ flash: null });
    await get(here, '/flash/written-here');
    expect(await get(there, '/show')).to.include({ flash: 'written-here' });
  });

  it('ends a session ended through the other server on the next request', async () => {
    await rememberedThere();
    expect((await get(there, '/show')).user).to.be.a('string');
    await get(here, '/sign-out');
    expect(await get(there, '/show')).to.deep.equal({ user: null, flash: null });
  });
});
