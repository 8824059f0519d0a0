// The session middleware (http/session.ts) against the real database: what it writes, when, and
// what it refuses. A bare Express app with the session middleware alone, as in
// remembered-sessions.test.ts.
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { cookies } from '../../../server/http/cookies.ts';
import { Types, type Connection } from 'mongoose';
import { testDatabase } from '../../helpers/database.ts';
import { SESSIONS_COLLECTION, endSessionsOf, sessionMiddleware } from '../../../server/http/session.ts';
import { learnerCache } from '../../../server/db/remembered.ts';
import { stamps } from '../../../server/db/stamps.ts';

type Passport = { passport?: { user?: string } };

describe('the session middleware', () => {
  let db: Connection;
  let server: Server;
  let url = '';
  before(async () => {
    db = await testDatabase();
    const app = express();
    app.use(cookies());
    app.use(sessionMiddleware({ db, secret: 'test-secret-test-secret-test-secret-1234', secure: false, remembered: learnerCache(stamps(db)) }));
    app.get('/sign-in/:user', (req, res) => {
      (req.session as Passport).passport = { user: req.params.user };
      res.json({ id: req.sessionID });
    });
    app.get('/regenerate', (req, res, next) =>
      req.session.regenerate((err) => {
        if (err) return next(err);
        (req.session as Passport).passport = { user: 'regenerated' };
        req.session.save(() => res.json({ id: req.sessionID }));
      }),
    );
    app.get('/show', (req, res) => res.json({ id: req.sessionID, user: (req.session as Passport).passport?.user ?? null, flash: req.session.flash?.key ?? null }));
    // a sign-out everywhere (a disable, a password change) lands between this request's read of
    // its session and its write of a flash
    app.get('/ended-then-flash', async (req, res) => {
      await endSessionsOf(db, (req.session as Passport).passport!.user!);
      req.session.flash = { kind: 'info', key: 'too-late' };
      res.json({ set: true });
    });
    // code holding the session object after ending it (Passport keeps `prevSession`) writes nothing
    app.get('/destroy-then-save', (req, res) => {
      const session = req.session;
      session.flash = { kind: 'info', key: 'after-the-end' };
      session.destroy(() => session.save(() => res.json({ destroyed: true })));
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => server.close());

  const sessions = () => db.collection<{ _id: string; session: Record<string, unknown>; lastModified: Date }>(SESSIONS_COLLECTION);
  const get = async (path: string, cookie?: string) => {
    const res = await fetch(url + path, { headers: cookie ? { cookie } : {} });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('qorgau.sid='));
    return { body: (await res.json()) as Record<string, unknown>, cookie: set?.split(';')[0], setCookie: set };
  };
  const signIn = async () => {
    const user = new Types.ObjectId().toHexString();
    const { body, cookie } = await get(`/sign-in/${user}`);
    return { user, id: body.id as string, cookie: cookie! };
  };

  it('stores a session only once something is put in it, and sends its cookie then only', async () => {
    const before = await sessions().countDocuments();
    const visit = await get('/show');
    expect(visit.setCookie, 'a visitor whose session holds nothing gets no cookie').to.equal(undefined);
    expect(await sessions().countDocuments()).to.equal(before);

    const { id, cookie, user } = await signIn();
    expect(cookie).to.match(/^qorgau\.sid=s%3A[\w-]{32}\.[\w%]+$/);
    // beside the data, the cookie as express-session stored it: the commit before this middleware reads these sessions
    expect((await sessions().findOne({ _id: id }))?.session).to.deep.equal({ passport: { user }, cookie: { originalMaxAge: null, expires: null, secure: false, httpOnly: true, path: '/', sameSite: 'lax' } });
    const again = await get('/show', cookie);
    expect(again.body).to.include({ id, user });
    expect(again.setCookie, 'a request that keeps its session sends no cookie').to.equal(undefined);
  });

  it('writes nothing for a request that leaves its session as it was', async () => {
    const { id, cookie } = await signIn();
    const stored = await sessions().findOne({ _id: id });
    for (let i = 0; i < 3; i++) await get('/show', cookie);
    // the expiry moves at most once a minute: these requests wrote nothing
    expect((await sessions().findOne({ _id: id }))?.lastModified.getTime()).to.equal(stored!.lastModified.getTime());
  });

  it('takes a cookie whose signature does not verify for none, and leaves the session it names alone', async () => {
    const { id, cookie, user } = await signIn();
    const [name, value] = cookie.split('=') as [string, string];
    const signature = value.slice(value.lastIndexOf('.') + 1);
    const forged = `${name}=${value.slice(0, value.lastIndexOf('.') + 1)}${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [forged, `${name}=s%3A${id}`, `${name}=${id}`]) {
      const { body } = await get('/show', bad);
      expect(body.user, bad).to.equal(null);
      expect(body.id).to.not.equal(id);
    }
    expect((await get('/show', cookie)).body).to.include({ id, user });
  });

  it('regenerates under a new id, ends the old session, and sends the new cookie', async () => {
    const { id, cookie } = await signIn();
    const regenerated = await get('/regenerate', cookie);
    expect(regenerated.body.id).to.be.a('string').and.not.equal(id);
    expect(regenerated.cookie).to.be.a('string').and.not.equal(cookie);
    expect(await sessions().findOne({ _id: id }), 'the old session').to.equal(null);
    expect((await get('/show', cookie)).body.user, 'the old cookie').to.equal(null);
    expect((await get('/show', regenerated.cookie)).body).to.include({ id: regenerated.body.id, user: 'regenerated' });
  });

  it('writes nothing for a session once the request destroyed it', async () => {
    const { id, cookie } = await signIn();
    await get('/destroy-then-save', cookie);
    expect(await sessions().findOne({ _id: id })).to.equal(null);
  });

  it('does not bring back a session ended while a request that changes it was running', async () => {
    const { id, cookie } = await signIn();
    await get('/ended-then-flash', cookie);
    expect(await sessions().findOne({ _id: id })).to.equal(null);
    expect((await get('/show', cookie)).body).to.include({ user: null, flash: null });
  });
});
