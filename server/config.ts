// The only reader of process.env. Every key declares its env var, format, default and meaning;
// AJV checks them all before the server listens, and the result is frozen.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const keys = {
  PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port of the standalone server' },
  WEB_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 64, default: 1, description: 'how many server processes the standalone server forks (node:cluster), sharing PORT; one per core' },
  PASSWORD_HASHES: { type: 'integer', minimum: 1, maximum: 64, description: 'how many passwords (argon2id, 19 MiB each) a server process hashes or verifies at once; unset: the cores less one, shared among WEB_CONCURRENCY processes, at least 1' },
  MONGODB_URI: { type: 'string', pattern: '^mongodb(\\+srv)?://\\S+$', description: 'MongoDB connection string; unset means the embedded database' },
  DATA_DIR: { type: 'string', minLength: 1, default: './data', description: 'folder for the embedded database, generated secrets and the mail outbox' },
  BASE_URL: { type: 'string', format: 'uri', pattern: '^https?://', description: 'the public URL, used in emails and QR codes; default http://localhost:PORT' },
  SESSION_SECRET: { type: 'string', minLength: 32, description: 'secret that signs session cookies; required in production' },
  NODE_ENV: { type: 'string', enum: ['development', 'production', 'test'], default: 'development', description: 'development, production or test' },
  LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'pino log level' },
  SELF_REGISTRATION: { type: 'boolean', default: true, description: 'whether teachers may register themselves' },
  COMPRESSION: { type: 'boolean', default: true, description: 'whether the app compresses pages and static files for clients that ask; false when the reverse proxy in front compresses' },
  TRUST_PROXY: { type: 'string', minLength: 1, default: 'loopback', description: 'Express "trust proxy": which reverse proxies may set X-Forwarded-For/-Proto (name your proxy: an address, a CIDR range or a hop count)' },
  SMTP_URL: { type: 'string', pattern: '^smtps?://\\S+$', description: 'SMTP server for mail; unset writes .eml files to DATA_DIR/outbox' },
  MAIL_FROM: { type: 'string', minLength: 3, default: 'Qorgau <no-reply@localhost>', description: 'the From address of mail' },
  CERTIFICATE_SIGNING_KEY: { type: 'string', pattern: '-----BEGIN PRIVATE KEY-----', description: 'Ed25519 private key (PKCS#8 PEM, newlines may be written \\n) that signs certificates; unset generates one once in DATA_DIR' },
} as const;

export type ConfigKey = keyof typeof keys;
export const configKeys = keys;

const schema = {
  type: 'object',
  additionalProperties: true,
  properties: keys,
  if: { properties: { NODE_ENV: { const: 'production' } }, required: ['NODE_ENV'] },
  then: { required: ['SESSION_SECRET'] },
} as const;

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
addFormats.default(ajv);
const check = ajv.compile(schema);

export interface Config {
  readonly port: number;
  readonly webConcurrency: number;
  readonly passwordHashes: number;
  readonly mongodbUri: string | undefined;
  readonly dataDir: string;
  readonly baseUrl: string;
  readonly sessionSecret: string;
  readonly env: 'development' | 'production' | 'test';
  readonly logLevel: string;
  readonly selfRegistration: boolean;
  readonly trustProxy: string;
  readonly compression: boolean;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly certificateSigningKey: string | undefined;
  readonly isProduction: boolean;
}

/** PASSWORD_HASHES unset: the cores less one, shared among the server's processes, at least 1. */
export function defaultPasswordHashes(processes: number): number {
  return Math.max(1, Math.floor((availableParallelism() - processes) / processes));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads, validates and freezes the configuration. Throws ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<ConfigKey, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(keys) as ConfigKey[]) {
    const value = overrides[key] ?? env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  if (!check(raw)) {
    const problems = (check.errors ?? []).map((e) => {
      const key = e.instancePath.replace(/^\//, '') || (e.params as { missingProperty?: string }).missingProperty || '(root)';
      return `${key}: ${e.message ?? 'is invalid'}`;
    });
    throw new ConfigError([...new Set(problems.filter((p) => !p.startsWith('(root)')))]);
  }
  const dataDir = path.resolve(String(raw.DATA_DIR));
  const nodeEnv = raw.NODE_ENV as Config['env'];
  return Object.freeze({
    port: raw.PORT as number,
    webConcurrency: raw.WEB_CONCURRENCY as number,
    passwordHashes: (raw.PASSWORD_HASHES as number | undefined) ?? defaultPasswordHashes(raw.WEB_CONCURRENCY as number),
    mongodbUri: raw.MONGODB_URI as string | undefined,
    dataDir,
    baseUrl: String(raw.BASE_URL ?? `http://localhost:${String(raw.PORT)}`).replace(/\/+$/, ''),
    sessionSecret: (raw.SESSION_SECRET as string | undefined) ?? developmentSecret(dataDir),
    env: nodeEnv,
    logLevel: raw.LOG_LEVEL as string,
    selfRegistration: raw.SELF_REGISTRATION as boolean,
    trustProxy: raw.TRUST_PROXY as string,
    compression: raw.COMPRESSION as boolean,
    smtpUrl: raw.SMTP_URL as string | undefined,
    mailFrom: raw.MAIL_FROM as string,
    certificateSigningKey: raw.CERTIFICATE_SIGNING_KEY as string | undefined,
    isProduction: nodeEnv === 'production',
  });
}

// Outside production a secret is generated once and kept in DATA_DIR, so sessions survive restarts
// without anyone having to invent a secret for a laptop.
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not generated yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
