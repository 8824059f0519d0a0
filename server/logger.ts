import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

// twelve digits in a row, or typed with a separator between any of them (900503-401007, 9005 0340 1007)
const IIN = /(?<!\d)(?:\d[-. _,+\t]?){11}\d(?!\d)/g;
// separators a URL percent-encodes (a space, +, a comma, a hyphen, a dot, a tab, an underscore)
const ENCODED_SEPARATOR = /%(20|2B|2C|2D|2E|09|5F)/gi;
// a certificate's verification code in a path: a bearer of the holder's name and score, cut to its first four letters
const CODE_IN_PATH = /(\/(?:verify|certificates)\/)([A-Za-z2-7]{4})[A-Za-z2-7 -]{12,}/g;

// A secret in a URL's query or fragment (a one-time link's token, a signature): the value is cut.
const SECRET_PARAM = /([?&#;](?:token|jws|secret|password|key|sig|signature|code)=)[^&#\s"'<>]*/gi;

/** Keeps only the last four digits of anything that looks like an IIN (12 digits, separators or not). */
export function maskIin(text: string): string {
  return text.replace(IIN, (iin) => `********${iin.replace(/\D/g, '').slice(-4)}`);
}

/**
 * What any logged text becomes: IINs masked (digits and separators percent-encoded in a URL, or
 * typed as full-width digits, too), secrets in URLs redacted, verification codes cut.
 */
export function maskText(text: string): string {
  let plain = text.replace(/%3([0-9])/g, '$1');
  if (plain.includes('%')) plain = plain.replace(ENCODED_SEPARATOR, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (/[\uFF10-\uFF19]/.test(plain)) plain = plain.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
  return maskIin(plain).replace(SECRET_PARAM, '$1[redacted]').replace(CODE_IN_PATH, '$1$2…');
}

/**
 * An error as pino writes it (type, message, stack, its own fields such as a duplicate key's
 * `keyValue`, its cause), masked: a database error can quote the IIN that collided.
 */
function maskError(error: Error, depth: number): unknown {
  return maskDeep(stdSerializers.err(error), depth);
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  // deeper than this, nothing is walked, so nothing unmasked is written either
  if (depth > 6) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return maskError(value, depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      // Personal data never reaches the logs: secrets and cookies are removed, IINs are cut to
      // their last four digits and secrets in URLs (?token=) cut wherever they appear in a logged string.
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          'password',
          'token',
          'link',
          'sessionSecret',
          '*.password',
          '*.passwordHash',
          '*.token',
          '*.link',
          '*.sessionSecret',
        ],
        censor: '[redacted]',
      },
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
}
