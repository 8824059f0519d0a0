// The signed proof: a certificate's essential data as a compact JWS (EdDSA over Ed25519, with kid).
// It travels in the QR code after the verify URL, so its claims are short: a QR code of version 17
// at level M holds about 500 bytes, and a 60-letter Kazakh name alone takes 110 of them.
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, errors } from 'jose';
import type { Keyring, PublicJwk, SigningKey } from './keyring.ts';

/** The signed claims, named by one letter each to keep the QR code small. */
export interface Claims {
  /** serial */
  s: string;
  /** the holder's name as it stood at issue */
  n: string;
  /** course id */
  k: string;
  /** course version */
  v: string;
  /** academic hours */
  h: number;
  /** standard requirement codes */
  t: string[];
  /** score */
  p: number;
  /** completion date, YYYY-MM-DD */
  d: string;
}

export type RefusalReason = 'malformed' | 'algorithm' | 'unknownKey' | 'signature';

export class CredentialRefused extends Error {
  constructor(readonly reason: RefusalReason) {
    super(`credential refused: ${reason}`);
    this.name = 'CredentialRefused';
  }
}

export const jwsPattern = /^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{20,200}$/;

export async function signClaims(claims: Claims, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
}

function isClaims(value: unknown): value is Claims {
  const c = value as Claims;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.s === 'string' &&
    typeof c.n === 'string' &&
    typeof c.k === 'string' &&
    typeof c.v === 'string' &&
    typeof c.h === 'number' &&
    Array.isArray(c.t) &&
    c.t.every((x) => typeof x === 'string') &&
    typeof c.p === 'number' &&
    typeof c.d === 'string'
  );
}

/**
 * Checks a compact JWS against the published keys; resolves its claims and kid, or rejects with
 * CredentialRefused. Only EdDSA is accepted: `alg: none`, HMAC and every other algorithm are refused
 * before any key is looked up.
 */
export async function verifyCredential(jws: string, keys: Pick<Keyring, 'publicKey'>): Promise<{ claims: Claims; kid: string }> {
  const token = jws.trim();
  if (!jwsPattern.test(token)) throw new CredentialRefused('malformed');
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new CredentialRefused('malformed');
  }
  if (header.alg !== 'EdDSA') throw new CredentialRefused('algorithm');
  const jwk: PublicJwk | undefined = typeof header.kid === 'string' ? await keys.publicKey(header.kid) : undefined;
  if (!jwk) throw new CredentialRefused('unknownKey');
  try {
    const { payload } = await compactVerify(token, await importJWK(jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
    if (!isClaims(claims)) throw new CredentialRefused('malformed');
    return { claims, kid: jwk.kid };
  } catch (err) {
    if (err instanceof CredentialRefused) throw err;
    if (err instanceof errors.JWSSignatureVerificationFailed) throw new CredentialRefused('signature');
    throw new CredentialRefused('malformed');
  }
}
