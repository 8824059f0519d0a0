import { pino, type Logger } from 'pino';

export type { Logger };

const IIN = /(?<!\d)\d{8}(\d{4})(?!\d)/g;

// A secret in a URL's query or fragment (a one-time link's token, a signature): the value is cut.
const SECRET_PARAM = /([?&#;](?:token|jws|secret|password|key|sig|signature|code)=)[^&#\s"'<>]*/gi;

/** Keeps only the last four digits of anything that looks like an IIN (12 digits in a row). */
export function maskIin(text: string): string {
  return text.replace(IIN, '********$1');
}

/** What any logged text becomes: IINs masked, secrets in URLs redacted. */
export function maskText(text: string): string {
  return maskIin(text).replace(SECRET_PARAM, '$1[redacted]');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return value;
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
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskDeep(a)) as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (object) => maskDeep(object) as Record<string, unknown>,
      },
    },
    destination ?? process.stdout,
  );
}
