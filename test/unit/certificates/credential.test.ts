import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import { CredentialRefused, signClaims, verifyCredential, type Claims } from '../../../server/certificates/signing/credential.ts';
import { signingKeyFrom, type PublicJwk, type SigningKey } from '../../../server/certificates/signing/keyring.ts';
import { CODE_LENGTH, newCode, normaliseCode } from '../../../server/certificates/code.ts';
import { qrText } from '../../../server/certificates/pdf/certificate-pdf.ts';
import { MAX_QR_VERSION, qrVersion } from '../../../server/certificates/pdf/qr.ts';

const claims: Claims = { s: 'QRG-2026-000123', n: 'Сәрсенбаева Әйгерім Қайратқызы', k: 'bullying-prevention', v: '1.0.0', h: 24, t: ['QS-01'], p: 92.5, d: '2026-12-02' };
const newKey = () => signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
const lookup = (...keys: SigningKey[]) => ({ publicKey: async (kid: string): Promise<PublicJwk | undefined> => keys.find((k) => k.kid === kid)?.jwk });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CredentialRefused) return err.reason;
    throw err;
  }
  throw new Error('accepted');
}

describe('certificate credential (compact JWS, EdDSA)', () => {
  it('verifies its own signature and returns the claims and kid', async () => {
    const key = await newKey();
    const jws = await signClaims(claims, key);
    const { claims: read, kid } = await verifyCredential(jws, lookup(key));
    expect(read).to.deep.equal(claims);
    expect(kid).to.equal(key.kid);
  });

  it('refuses an altered payload, a forged signature, another key, alg none and an HMAC token', async () => {
    const key = await newKey();
    const other = await newKey();
    const jws = await signClaims(claims, key);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const altered = Buffer.from(JSON.stringify({ ...claims, n: 'Басқа Адам' })).toString('base64url');
    expect(await refusal(verifyCredential(`${header}.${altered}.${signature}`, lookup(key)))).to.equal('signature');
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect(await refusal(verifyCredential(`${header}.${payload}.${flipped}`, lookup(key)))).to.equal('signature');
    // signed by a key that claims our kid
    const impostor = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(other.privateKey);
    expect(await refusal(verifyCredential(impostor, lookup(key)))).to.equal('signature');
    // signed by a key nobody published
    expect(await refusal(verifyCredential(await signClaims(claims, other), lookup(key)))).to.equal('unknownKey');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url')}.${payload}.${'A'.repeat(43)}`;
    expect(await refusal(verifyCredential(none, lookup(key)))).to.equal('algorithm');
    const hs = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(new Uint8Array(32));
    expect(await refusal(verifyCredential(hs, lookup(key)))).to.equal('algorithm');
    expect(await refusal(verifyCredential('not.a.jws', lookup(key)))).to.equal('malformed');
  });

  it('fits the verify URL and the proof of a 60-letter Kazakh name in a QR code of version 17 or lower', async () => {
    const key = await newKey();
    const name = 'Әбілқайырова-Ғұмарбекова Өңірбекқызы Үміт Ұлжан Һәдиша Іңкәр';
    expect(name.length).to.be.at.least(60);
    const jws = await signClaims({ ...claims, n: name, k: 'children-at-higher-risk' }, key);
    const url = `https://qorgau.edu.kz/training/verify/${newCode()}`;
    const text = qrText(url, jws);
    expect(text).to.equal(`${url}#${jws}`);
    expect(qrVersion(text)).to.be.at.most(MAX_QR_VERSION);
    // a name too long for both falls back to the URL alone, never to a denser code
    const long = qrText(url, await signClaims({ ...claims, n: name.repeat(2) }, key));
    expect(long).to.equal(url);
  });
});

describe('verification codes', () => {
  it('are 20 base32 characters (100 bits), different each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, newCode));
    expect(codes.size).to.equal(1000);
    for (const code of codes) expect(code).to.match(new RegExp(`^[A-Z2-7]{${CODE_LENGTH}}$`));
  });

  it('forgive case and separators, and refuse other lengths and letters', () => {
    expect(normaliseCode('abcd-efgh-ijkl-mnop-qrst')).to.equal('ABCDEFGHIJKLMNOPQRST');
    expect(normaliseCode('ABCDEFGHIJKLMNOPQRS')).to.equal(null);
    expect(normaliseCode('ABCDEFGHIJKLMNOPQRSTU')).to.equal(null);
    expect(normaliseCode('ABCDEFGHIJKLMNOPQRS1')).to.equal(null);
  });
});
