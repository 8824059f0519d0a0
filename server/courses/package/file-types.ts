// What a file really is, by its first bytes. A package's images are trusted by their content, never
// by their names, and an upload that is not a zip is named for what it is.

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const startsWith = (data: Buffer, bytes: readonly number[], at = 0): boolean =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

export function imageType(data: Buffer): ImageType | undefined {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

export const imageExtensions: Record<ImageType, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
};

/** A local file header, or the end record of an empty archive. */
export function isZip(data: Buffer): boolean {
  return startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06]);
}

const known: readonly [string, readonly number[]][] = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', ascii('GIF8')],
  ['PDF', ascii('%PDF')],
  ['gzip', [0x1f, 0x8b]],
  ['RAR', ascii('Rar!')],
  ['7-Zip', [0x37, 0x7a, 0xbc, 0xaf]],
  ['Office', [0xd0, 0xcf, 0x11, 0xe0]],
];

/** A short name for a file that is not a zip, so the message can say "this is a PNG image". */
export function describeFile(data: Buffer): string | undefined {
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'WebP';
  return known.find(([, magic]) => startsWith(data, magic))?.[0];
}
