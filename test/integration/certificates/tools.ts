// Independent checkers of certificates, none of them our own code: poppler (pdftotext, pdftoppm),
// zbar (zbarimg), PDFBox preflight (PDF/A-1b) and python3-jwcrypto (the JWS).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from '../../helpers/browser.ts';

function withFile<T>(bytes: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-cert-'));
  try {
    const file = path.join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as poppler extracts it. */
export const pdfText = (bytes: Buffer): string => withFile(bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

/** What the QR code on the page says, read by zbar from a 300 dpi rendering. */
export function readQr(bytes: Buffer): string {
  return withFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', file, path.join(dir, 'page')]);
    return execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'page.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  });
}

const jars = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);

/** Why PDF/A preflight cannot run here, or null when it can. */
export function preflightMissing(): string | null {
  if (spawnSync('java', ['-version']).error) return 'java is not installed (Debian default-jre-headless), so the PDF/A-1b preflight is skipped';
  const missing = jars.filter((j) => !existsSync(j));
  return missing.length ? `PDFBox preflight needs ${missing.join(', ')} (Debian libpdfbox2-java libactivation-java libjaxb-api-java)` : null;
}

/** PDFBox preflight's verdict on PDF/A-1b: its whole output, and whether it said valid. */
export function preflight(bytes: Buffer): { valid: boolean; output: string } {
  return withFile(bytes, (file) => {
    const run = spawnSync('java', ['-cp', jars.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', file], { encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    return { valid: run.status === 0 && /is a valid PDF\/A-1b file/.test(output), output };
  });
}

const jwcryptoScript = `
import json, sys
from jwcrypto import jwk, jws
keys = jwk.JWKSet.from_json(sys.argv[1])
token = jws.JWS()
token.deserialize(sys.argv[2])
header = token.jose_header
key = keys.get_key(header.get('kid'))
if key is None:
    print('no key'); sys.exit(2)
token.verify(key, alg='EdDSA')
print(json.dumps({'header': header, 'payload': json.loads(token.payload.decode('utf-8'))}, ensure_ascii=False))
`;

// Debian's python3-jwcrypto lives under the system Python, which a pyenv on PATH may hide
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Verifies a compact JWS with python3-jwcrypto against a JWKS; returns its header and claims, or throws. */
export function jwcryptoVerify(jwks: unknown, token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const out = execFileSync(python, ['-c', jwcryptoScript, JSON.stringify(jwks), token], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as { header: Record<string, unknown>; payload: Record<string, unknown> };
}

/** Fetches binary content with a signed-in browser's cookies. */
export async function fetchBytes(browser: Browser, url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(url.startsWith('http') ? url : browser.origin + url, { headers: { cookie }, redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}
