// The baseline of `bench -- pages`, run as its own process: bare Express 5 and express-handlebars,
// in production mode with the view cache, rendering a page of exactly the bytes of a Qorgau page
// (BARE_PAGE, a file), and a bare JSON handler that inserts one document per POST into the same
// database (MONGODB_URI). No sessions, no security headers, no logging: the framework's ceiling.
// `/page-read?id=N` renders the same page after reading one small document by _id, as the app's
// find command does (db/connection.ts documentById): the framework with the one read per page
// that checking a user's stamp takes. `/page-compressed` is the page through the compression
// package, as Express apps usually compress: the baseline of a page a browser asks for.
// `POST /sign-in` is a sign-in with nothing around it: the login's key and its user read by _id
// from the app's own collections, the password verified with the app's argon2id, a 303 with a
// random session cookie (bench sign-in).
// BARE_WORKERS > 1 forks that many with node:cluster, as WEB_CONCURRENCY does for the app.
import cluster from 'node:cluster';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import compression from 'compression';
import express from 'express';
import { create } from 'express-handlebars';
import { MongoClient, ObjectId } from 'mongodb';

const workers = Number(process.env.BARE_WORKERS ?? 1);
const port = Number(process.env.PORT ?? 0);

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const html = readFileSync(process.env.BARE_PAGE!, 'utf8');
  // The page as a template: the layout holds the head and the page the body, as in the app.
  const views = mkdtempSync(path.join(tmpdir(), 'qorgau-bare-'));
  mkdirSync(path.join(views, 'layouts'));
  const split = html.indexOf('<body');
  const escape = (s: string) => s.replace(/\{\{/g, '\\{{');
  writeFileSync(path.join(views, 'layouts', 'main.hbs'), `${escape(html.slice(0, split))}{{{body}}}`);
  writeFileSync(path.join(views, 'page.hbs'), escape(html.slice(split)));

  const client = new MongoClient(process.env.MONGODB_URI!);
  await client.connect();
  const saves = client.db().collection('bench_bare_saves');
  const stampIds = Array.from({ length: 200 }, (_, i) => `u:${i}`);
  // another worker may be writing the same documents: whichever lands, each exists after
  await Promise.all(stampIds.map((_id) => client.db().collection<{ _id: string }>('bench_bare_stamps').updateOne({ _id }, { $set: { token: _id } }, { upsert: true }).catch(() => undefined)));

  const app = express();
  app.engine('hbs', create({ extname: '.hbs', defaultLayout: 'main', layoutsDir: path.join(views, 'layouts') }).engine);
  app.set('view engine', 'hbs');
  app.set('views', views);
  app.enable('view cache');
  app.get('/page', (_req, res) => res.render('page'));
  // the same page as Express apps usually compress theirs: the compression package, its defaults
  app.get('/page-compressed', compression(), (_req, res) => res.render('page'));
  app.get('/page-read', async (req, res) => {
    const id = stampIds[Number(req.query.id) % stampIds.length] ?? 'u:0';
    const reply = (await client.db().command({ find: 'bench_bare_stamps', filter: { _id: id }, limit: 1, singleBatch: true })) as { cursor: { firstBatch: unknown[] } };
    if (reply.cursor.firstBatch.length !== 1) return res.status(500).send('no document');
    res.render('page');
  });
  app.post('/save', express.json(), async (req, res) => {
    await saves.insertOne({ _id: new ObjectId(), ...(req.body as object), at: new Date() });
    res.json({ saved: true });
  });
  app.post('/sign-in', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const { login, password } = req.body as { login?: string; password?: string };
    const key = await client.db().collection<{ _id: string; userId: ObjectId }>('login_keys').findOne({ _id: `iin:${login}` });
    const user = key && (await client.db().collection('users').findOne({ _id: key.userId }, { projection: { passwordHash: 1 } }));
    if (!user || !(await argon2.verify(user.passwordHash as string, String(password).normalize('NFC')))) return res.status(401).send('no');
    res.cookie('sid', randomBytes(24).toString('base64url'), { httpOnly: true, sameSite: 'lax' }).redirect(303, '/learn');
  });
  const server = app.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void client.close().then(() => process.exit(0));
  });
}
