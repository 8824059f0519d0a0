import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

// twelve digits in a row, or typed with up to two separators between any of them, as people and
// phones write them: 900503-401007, 9005 0340 1007, 900503–401007 (a dash), 900503/401007, (900503)401007;
// not a colon, which would take a date and a time (2026-12-05 10:32) for one
const IIN = /(?<!\d)(?:\d[-–—.\s_,+/()\u00a0\u2007\u2009\u202f]{0,2}){11}\d(?!\d)/g;
// digits of other scripts a phone may type (full-width, Arabic-Indic), as their ASCII digit
const OTHER_DIGITS = /[\uff10-\uff19\u0660-\u0669\u06f0-\u06f9]/g;
const asciiDigit = (d: string) => {
  const c = d.charCodeAt(0);
  return String(c >= 0xff10 ? c - 0xff10 : c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
};
// a certificate's verification code in a path: a bearer of the holder's name and score, cut to its first four letters
const CODE_IN_PATH = /(\/(?:verify|certificates)\/)([A-Za-z2-7]{4})[A-Za-z2-7 -]{12,}/g;

// A secret in a URL's query or fragment (a one-time link's token, a signature): the value is cut.
const SECRET_PARAM = /([?&#;](?:token|jws|secret|password|key|sig|signature|code)=)[^&#\s"'<>]*/gi;

/** Keeps only the last four digits of anything that looks like an IIN (12 digits, separators or not). */
export function maskIin(text: string): string {
  return text.replace(IIN, (iin) => `********${iin.replace(/\D/g, '').slice(-4)}`);
}

/**
 * What any logged text becomes: IINs masked (in a URL, percent-encoded; written with separators; or
 * in digits of another script, too), secrets in URLs redacted, verification codes cut.
 */
export function maskText(text: string): string {
  let plain = text;
  if (plain.includes('%')) {
    try {
      plain = decodeURIComponent(plain);
    } catch {
      plain = plain.replace(/%3([0-9])/g, '$1');
    }
  }
  plain = plain.replace(OTHER_DIGITS, asciiDigit);
  return maskIin(plain).replace(SECRET_PARAM, '$1[redacted]').replace(CODE_IN_PATH, '$1$2…');
}

/**
 * An error as pino writes it (type, message, stack, its own fields such as a duplicate key's
 * `keyValue`, its cause), masked: a database error can quote the IIN that collided.
 */
function maskError(error: Error, depth: number): unknown {
  return maskDeep(stdSerializers.err(error), depth);
}

// Fields whose value is a secret, at any depth and in any case (a header may be `Cookie`): the
// value is never written, whatever it is.
const SECRET_FIELDS = new Set(['password', 'passwordhash', 'token', 'link', 'sessionsecret', 'cookie', 'authorization', 'set-cookie']);

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  // deeper than this, nothing is walked, so nothing unmasked is written either
  if (depth > 6) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return maskError(value, depth);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    out[key] = SECRET_FIELDS.has(key.toLowerCase()) ? '[redacted]' : maskDeep((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const logger = pino(
    {
      level,
      // Personal data never reaches the logs: secrets (a password, a token, a cookie: SECRET_FIELDS)
      // are cut at any depth, IINs cut to their last four digits and secrets in URLs (?token=) cut
      // wherever they appear in a logged string. This one walk does what pino's `redact` paths did
      // too, which parsed every path again on every line (9 KB and 1.5 % of a page's CPU).
      // The hook below masks every argument of a log call, the merged object included (a
      // `formatters.log` masking it again went over every line twice), and hands `err` over
      // serialised and masked: pino's own serialiser would take that for an error again and call
      // its type "Object". An error logged anywhere else is serialised and masked here.
      serializers: { err: (value: unknown) => (value instanceof Error ? maskError(value, 1) : value) },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // an error logged alone: masked under `err`, its message (masked) the line's, as pino would
          const masked = first instanceof Error ? [{ err: maskError(first, 1) }, ...(rest.length ? rest.map((a) => maskDeep(a)) : [maskText(first.message)])] : args.map((a) => maskDeep(a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination ?? process.stdout,
  );
  // A child logger's bindings are written into each of its lines as they were given: masked once,
  // when it is made. Children are made from their parent, so theirs are masked too.
  const makeChild = logger.child;
  logger.child = function child(this: Logger, bindings, options) {
    return makeChild.call(this, maskDeep(bindings) as typeof bindings, options);
  } as typeof logger.child;
  return logger;
}
