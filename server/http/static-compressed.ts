// The stylesheet and scripts, compressed once. Every page links them, and a phone's first visit on a
// slow connection waits for them. The compression package compressed them again for every request,
// as a stream (the stylesheet cost twice the CPU of serving it as it is, docs/performance.md). Here
// each is read on its first request and kept with a Brotli (quality 11) and a gzip (level 9) copy:
// smaller than a per-request compressor could afford to make, and sent from memory. Fonts and
// images are compressed already and go through express.static. Outside production a file is
// checked for changes on every request, so an edited stylesheet shows at once.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, RequestHandler } from 'express';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The files kept: a stylesheet or a script directly under css/ or js/, by a plain name. */
const KEPT = /^\/(css|js)\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.(css|js)$/;
const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

type Encoding = 'br' | 'gzip' | 'identity';

interface Kept {
  mtimeMs: number;
  /** a strong tag of the content; each encoding sends it with its own suffix */
  tag: string;
  type: string;
  bodies: Record<Encoding, Buffer>;
}

async function keep(file: string): Promise<Kept | null> {
  let identity: Buffer;
  let mtimeMs: number;
  try {
    [identity, { mtimeMs }] = await Promise.all([readFile(file), stat(file)]);
  } catch {
    return null; // not there: express.static answers, or the page not found
  }
  const [br, gz] = await Promise.all([
    brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }),
    gzipped(identity, { level: 9 }),
  ]);
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return { mtimeMs, tag, type: TYPES[path.extname(file).slice(1)]!, bodies: { br, gzip: gz, identity } };
}

/** Brotli if the client takes it, else gzip, else the file as it is (q-values respected). */
function encodingFor(req: Request): Encoding {
  if (!req.headers['accept-encoding']) return 'identity';
  // asked one at a time: given several, the negotiator prefers the header's order, and browsers
  // name gzip before br
  return req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
}

export interface CompressedStaticOptions {
  /** Cache-Control of every file served */
  cacheControl: string;
  /** look for a changed file on every request (outside production) */
  watch: boolean;
}

/** Serves the stylesheets and scripts under `root` from memory, compressed as the client asks. */
export function compressedStatic(root: string, { cacheControl, watch }: CompressedStaticOptions): RequestHandler {
  const kept = new Map<string, Promise<Kept | null>>();
  const load = async (name: string): Promise<Kept | null> => {
    let known = kept.get(name);
    if (known && watch) {
      const current = await known;
      const mtimeMs = await stat(path.join(root, name)).then((s) => s.mtimeMs, () => -1);
      if (current?.mtimeMs !== mtimeMs) known = undefined;
    }
    if (!known) {
      const loading = keep(path.join(root, name));
      kept.set(name, loading);
      // a file that was missing may appear (a deploy in progress), and a failed read is tried
      // again: neither is remembered
      const forget = () => void (kept.get(name) === loading && kept.delete(name));
      loading.then((k) => k ?? forget(), forget);
      known = loading;
    }
    return known;
  };
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !KEPT.test(req.path)) return next();
    load(req.path).then((file) => {
      if (!file) return next();
      const encoding = encodingFor(req);
      res.vary('Accept-Encoding');
      res.setHeader('Cache-Control', cacheControl);
      res.setHeader('Content-Type', file.type);
      res.setHeader('ETag', `"${file.tag}-${encoding}"`);
      if (req.fresh) return void res.status(304).end();
      const body = file.bodies[encoding];
      if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      res.end(req.method === 'HEAD' ? undefined : body);
    }, next);
  };
}
