// Pages and JSON, compressed in one call when the client asks for it. Every browser does, so this
// is the cost of every page a teacher sees. The compression package compresses a response as a
// stream: it makes a compressor per response (Brotli's holds a 4 MB window) and passes each chunk
// through libuv's thread pool. A rendered page is one string in memory, so res.send compresses it
// at once instead, gzip at level 3 (or Brotli at quality 3 for a client that takes only that):
// a 17 KB lesson page costs about 70 µs and comes out at about 5 KB, where level 6 would take three
// times as long for a tenth fewer bytes. Static files, which are streams, still go through the
// compression package (server/app.ts). docs/performance.md has the figures.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Express, Response } from 'express';

/** Smaller bodies go as they are: the compression package's threshold too. */
const THRESHOLD = 1024;
const GZIP_LEVEL = 3;
const BROTLI_QUALITY = 3;
/** Media types worth compressing that res.send sends: pages, JSON, text, CSV, XML, SVG. */
const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|xml|javascript)|image\/svg\+xml)/i;

type Encoding = 'gzip' | 'br';

const HTML = 'text/html; charset=utf-8';

/** Distinct Accept-Encoding headers remembered with the encoding they choose (clients send a few). */
const CHOSEN_LIMIT = 200;
const chosen = new Map<string, Encoding | null>();

/** gzip if the client takes it (as small as Brotli for a page, and cheaper), else Brotli, else neither. */
function encodingFor(res: Response): Encoding | null {
  const header = res.req.headers['accept-encoding'];
  if (!header) return null;
  let choice = chosen.get(header);
  if (choice === undefined) {
    // q-values decide what the client takes: "gzip;q=0" refuses it
    choice = res.req.acceptsEncodings('gzip') ? 'gzip' : res.req.acceptsEncodings('br') ? 'br' : null;
    if (chosen.size < CHOSEN_LIMIT) chosen.set(header, choice);
  }
  return choice;
}

/**
 * The type res.send gives a string, set on the response: the one set, or HTML, and always UTF-8,
 * which res.send writes a string as and says so. (res.type('html') would look the type up again
 * on every page.)
 */
function stringType(res: Response): string {
  const set = res.get('Content-Type');
  if (set === undefined) {
    res.setHeader('Content-Type', HTML);
    return HTML;
  }
  if (/;\s*charset="?utf-8"?\s*(?:;|$)/i.test(set)) return set;
  const type = `${set.replace(/;\s*charset=[^;]*/i, '')}; charset=utf-8`;
  res.setHeader('Content-Type', type);
  return type;
}

/** The body `res.send` would write, compressed, with its headers set; undefined to send it as it is. */
function compressed(res: Response, body: string | Buffer): Buffer | undefined {
  // a Buffer keeps the type it was given, as res.send leaves it
  const type = typeof body === 'string' ? stringType(res) : res.get('Content-Type');
  if (!type || !COMPRESSIBLE.test(type) || res.get('Content-Encoding') || /no-transform/i.test(String(res.get('Cache-Control') ?? ''))) return undefined;
  if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Accept-Encoding');
  else res.vary('Accept-Encoding');
  const encoding = encodingFor(res);
  if (!encoding || res.req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return undefined;
  // a string has at least as many bytes as characters: its UTF-8 length is counted only when short
  if ((typeof body === 'string' && body.length < THRESHOLD ? Buffer.byteLength(body) : body.length) < THRESHOLD) return undefined;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.set('Content-Encoding', encoding);
  return encoding === 'gzip'
    ? gzipSync(bytes, { level: GZIP_LEVEL })
    : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
}

/**
 * A long page as res.send would send it, without a copy: Express turns a string of 1,000
 * characters or more into a Buffer (for the ETag it would hash, which this app does not make), a
 * copy of a Kazakh lesson page on the heap per request. Written as a string, Node puts it after the
 * headers and encodes both into the socket's write at once. Only the plain case goes this way: a
 * GET, a status with a body, no ETag or Last-Modified (so never a 304); false for the rest.
 */
function sentAsString(res: Response, body: string): boolean {
  if (res.req.method !== 'GET' || res.statusCode === 204 || res.statusCode === 205 || res.statusCode === 304) return false;
  if (res.get('ETag') !== undefined || res.get('Last-Modified') !== undefined || typeof res.app.get('etag fn') === 'function') return false;
  stringType(res);
  // node's res.end sets Content-Length to the string's UTF-8 length itself, unless one is set
  if (res.hasHeader('Content-Length')) res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  res.end(body, 'utf8');
  return true;
}

/**
 * Makes this app's res.send compress what it sends (unless `compress` is false: a proxy in front
 * does), and send a long page as the string it is. Set on the app's response prototype, which
 * Express gives this app's responses only, so a host application's own responses are untouched.
 */
export function sendBodies(app: Express, { compress }: { compress: boolean }): void {
  const send = app.response.send;
  app.response.send = function sendBody(this: Response, body?: unknown) {
    const encoded = compress && (typeof body === 'string' || Buffer.isBuffer(body)) ? compressed(this, body) : undefined;
    if (encoded) return send.call(this, encoded);
    if (typeof body === 'string' && body.length >= 1000 && sentAsString(this, body)) return this;
    return send.call(this, body);
  };
}
