// The Ed25519 key that signs certificates, and every public key that ever did. The private key
// comes from CERTIFICATE_SIGNING_KEY, or is generated once into DATA_DIR (mode 0600). Each
// public key is stored in the database by its kid when first used, so a certificate signed
// before a rotation still verifies, on every server, through /.well-known/jwks.json.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { insertOnce } from '../../db/claim.ts';
import type { Clock } from '../../clock.ts';
import { certificateModel } from '../certificate.model.ts';

export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: PublicJwk;
}

export const KEY_FILE = 'certificate-signing-key.pem';

/** Reads a PKCS#8 PEM (newlines may be written `\n`, as in an environment variable). */
function parsePem(text: string): KeyObject {
  const key = createPrivateKey(text.replace(/\\n/g, '\n').trim());
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the certificate signing key is not an Ed25519 key');
  return key;
}

function loadOrGenerate(dataDir: string): KeyObject {
  const file = path.join(dataDir, KEY_FILE);
  try {
    return parsePem(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  // 'wx': two processes starting at once must not each write their own key
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return parsePem(readFileSync(file, 'utf8'));
  }
}

export async function signingKeyFrom(privateKey: KeyObject): Promise<SigningKey> {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const thumbprint = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x });
  // 48 bits of the RFC 7638 thumbprint: enough to tell a site's few keys apart, and short, for the QR code
  const kid = thumbprint.slice(0, 8);
  return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

/** The current signing key: from the configuration, else the one kept in DATA_DIR. */
export async function currentSigningKey(config: { certificateSigningKey?: string | undefined; dataDir: string }): Promise<SigningKey> {
  return signingKeyFrom(config.certificateSigningKey ? parsePem(config.certificateSigningKey) : loadOrGenerate(config.dataDir));
}

export function keyring(db: Connection, current: Promise<SigningKey>, clock: Clock) {
  const Keys = certificateModel(db, 'CertificateKey');
  let published: Promise<void> | undefined;
  let cache: { at: number; keys: PublicJwk[] } | undefined;
  const publish = () =>
    (published ??= current.then(async (key) => {
      await insertOnce(Keys, { _id: key.kid, jwk: key.jwk, addedAt: clock.now() });
    }));

  return {
    current: async (): Promise<SigningKey> => {
      await publish();
      return current;
    },
    /** Every public key that signed certificates here, current first. Cached for a minute. */
    async publicKeys(): Promise<PublicJwk[]> {
      await publish();
      if (cache && clock.now().getTime() - cache.at < 60_000) return cache.keys;
      const key = await current;
      const stored = (await Keys.find({}).lean()).map((d) => d.jwk as PublicJwk).filter((k) => k.kid !== key.kid);
      cache = { at: clock.now().getTime(), keys: [key.jwk, ...stored.sort((a, b) => a.kid.localeCompare(b.kid))] };
      return cache.keys;
    },
    /** One public key by kid (read by _id), or undefined. */
    async publicKey(kid: string): Promise<PublicJwk | undefined> {
      const key = await current;
      if (kid === key.kid) return key.jwk;
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(kid)) return undefined;
      return ((await Keys.findById(kid).lean())?.jwk as PublicJwk | undefined) ?? undefined;
    },
  };
}

export type Keyring = ReturnType<typeof keyring>;
