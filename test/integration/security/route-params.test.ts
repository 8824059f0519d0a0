// Every route with a `:param`, found by walking the app's routers (so a new route is walked too),
// with malformed params: a translated 4xx, never a 500, and nothing reaches a service.
import { expect } from 'chai';
import { request } from 'node:http';
import type { ParamKind } from '../../../server/http/params.ts';
import { translator } from '../../../server/i18n/index.ts';
import { Browser } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { createUser, signIn } from '../../helpers/users.ts';

interface ParamRoute {
  method: string;
  path: string;
  names: string[];
  kinds?: Readonly<Record<string, ParamKind>>;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: { handle: { paramKinds?: Record<string, ParamKind> } }[] };
  handle: { stack?: Layer[] };
}

/** Every route of the app's routers whose path has a parameter, with the kinds its params() declares. */
function paramRoutes(stack: readonly Layer[]): ParamRoute[] {
  const found: ParamRoute[] = [];
  for (const layer of stack) {
    if (layer.handle.stack) found.push(...paramRoutes(layer.handle.stack));
    if (!layer.route) continue;
    for (const path of ([] as string[]).concat(layer.route.path)) {
      const names = [...path.matchAll(/[:*]([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
      if (!names.length) continue;
      const kinds = layer.route.stack.map((l) => l.handle.paramKinds).find(Boolean);
      for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) found.push({ method: method.toUpperCase(), path, names, kinds });
    }
  }
  return found;
}

// A well-formed value of each param name, so that only the param under test is malformed.
const wellFormed: Record<string, string> = {
  courseId: 'no-such-course', moduleId: '09-none', lessonId: '09-none', activityId: 'none', versionId: '0'.repeat(24), fileId: '0'.repeat(24),
  attemptId: '0'.repeat(24), n: '1', id: '0'.repeat(24), serial: 'QRG-2026-000001', code: 'AAAAAAAAAAAAAAAAAAAA',
};
const hex = '65f0a1b2c3d4e5f601234567';
// raw path segments: `..` and `%00` are sent as they are (fetch would resolve or refuse them)
const malformed = ['%5B%24ne%5D', '%7B%22%24gt%22%3A%22%22%7D', '__proto__', 'constructor%5Bprototype%5D', '..', '.', 'a%2F..%2F..%2Fetc', '%00', 'x'.repeat(3000), hex.toUpperCase(), hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, encodeURIComponent('қазақ'), encodeURIComponent('😀'), '%E0%A4%A', '-1', '1e3', 'NaN'];

/** A request with the path exactly as given (a URL string would be resolved: `/a/.` becomes `/a/`). */
const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
};

function send(url: string, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: pathname.replace(/\/$/, '') + path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '' : undefined);
  });
}

describe('route params: every route with a :param', () => {
  let server: TestServer;
  let routes: ParamRoute[];
  let headers: Record<string, string>;
  const kk = translator('kk');
  const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

  before(async () => {
    server = await startTestServer();
    routes = paramRoutes((server.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const admin = await createUser(server.db, { role: 'admin', regionScope: null });
    const browser: Browser = await signIn(server.url, admin.iin, admin.password);
    const token = Browser.csrf(await browser.get('/profile'));
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // a national admin passes every access rule; an address of its own keeps the verify throttle of other tests clean
    headers = { cookie, 'x-csrf-token': token, accept: 'text/html', 'accept-language': 'kk', 'x-forwarded-for': '10.12.0.7', 'content-type': 'application/x-www-form-urlencoded' };
  });
  after(() => server.close());

  it('finds the routes, and each declares exactly the params of its path', () => {
    expect(routes.length).to.be.at.least(30);
    const paths = new Set(routes.map((r) => r.path));
    for (const path of ['/learn/attempts/:attemptId/questions/:n', '/admin/users/:id', '/media/:fileId', '/verify/:code', '/admin/certificates/:serial/revoke', '/reports/teachers/:id/transcript.csv', '/coordinator/courses/:courseId/versions/:versionId/modules/:moduleId/lessons/:lessonId']) {
      expect(paths.has(path), path).to.equal(true);
    }
    for (const route of routes) {
      expect(route.kinds, `${route.method} ${route.path} checks its params with params()`).to.not.equal(undefined);
      expect(Object.keys(route.kinds!).sort(), `${route.method} ${route.path}`).to.deep.equal([...route.names].sort());
    }
  });

  it('answers every malformed param with a 4xx in the reader\'s language, never a 500', async function () {
    this.timeout(300_000);
    let sent = 0;
    for (const route of routes) {
      for (const name of route.names) {
        // hex of 23 digits is a good slug: each kind is sent only what it must refuse
        for (const bad of malformed.filter((value) => !route.kinds![name]!.accepts(decoded(value)))) {
          const path = route.path.replace(/:([A-Za-z_$][\w$]*)/g, (_, n: string) => (n === name ? bad : encodeURIComponent(wellFormed[n]!)));
          const answer = await send(server.url, route.method, `${path}${path.includes('?') ? '&' : '?'}lang=kk`, headers);
          const where = `${route.method} ${path.slice(0, 120)} → ${answer.status}`;
          expect(answer.status, where).to.be.within(400, 499);
          // the kind's own refusal, or (a value the route pattern cannot hold, an undecodable one) the not-found / bad-request page
          const said = text(answer.body);
          const expected = [route.kinds![name]!.refusal().messageKey, 'errors.notFound', 'errors.badRequest'].map((key) => kk(key));
          expect(expected.some((message) => said.includes(message)), `${where}: ${said.slice(0, 300)}`).to.equal(true);
          sent += 1;
        }
      }
    }
    expect(sent).to.be.greaterThan(routes.length * 10);
  });

  it('still serves well-formed ids of nothing as before: the service says not found', async () => {
    for (const path of [`/learn/attempts/${hex}`, `/admin/users/${hex}`, `/admin/import/${hex}`, `/reports/teachers/${hex}`, `/media/${hex}`, '/admin/certificates/QRG-2026-999999', '/coordinator/courses/no-such-course']) {
      const answer = await send(server.url, 'GET', path, headers);
      expect(answer.status, path).to.equal(404);
    }
  });
});
