// Semantic-version precedence as a string that sorts correctly, so that "is this version newer"
// can be a condition inside a single-document update (FerretDB has no transactions to lean on).
// Numbers are zero-padded; a release gets `~`, which sorts after the `-` of any pre-release of
// the same numbers, and numeric pre-release identifiers sort before alphanumeric ones, as in semver.

const pad = (n: string): string => n.padStart(6, '0');

export function versionOrder(version: string): string {
  const [core, ...pre] = version.split('-');
  const numbers = core!.split('.').map(pad).join('.');
  if (pre.length === 0) return `${numbers}~`;
  const identifiers = pre.join('-').split('.').map((id) => (/^[0-9]+$/.test(id) ? pad(id) : id));
  return `${numbers}-${identifiers.join('.')}`;
}

export function isNewer(version: string, than: string): boolean {
  return versionOrder(version) > versionOrder(than);
}
