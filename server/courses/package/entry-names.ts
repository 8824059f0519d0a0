// The names a package may contain. Every name from a zip or a folder passes `unsafeName` first
// (zip-slip: a name must never point outside the package), then must be one of the few kinds of
// file the format has; anything else is refused rather than silently carried along.

export type NameProblem = 'backslash' | 'absolutePath' | 'parentPath' | 'badName';

export function unsafeName(name: string): NameProblem | undefined {
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'absolutePath';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'parentPath';
  // eslint-disable-next-line no-control-regex
  if (name.length > 255 || /[\u0000-\u001f\u007f]/.test(name) || segments.some((s) => s === '' || s === '.')) return 'badName';
  return undefined;
}

/**
 * Files an operating system adds on its own (macOS resource forks, hidden files such as .DS_Store).
 * They are skipped: neither stored nor part of the content hash.
 */
export function isIgnored(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').some((s) => s.startsWith('.')) || /(^|\/)(Thumbs\.db|desktop\.ini)$/i.test(name);
}

const slug = '[a-z0-9]+(?:-[a-z0-9]+)*';
const kinds = {
  manifest: /^course\.(?:yaml|json)$/,
  quiz: new RegExp(`^modules/${slug}/quiz\\.(?:yaml|json)$`),
  lesson: new RegExp(`^modules/${slug}/${slug}\\.[a-z]{2}\\.md$`),
  activity: new RegExp(`^modules/${slug}/activities/${slug}\\.[a-z]{2}\\.md$`),
  image: new RegExp(`^modules/${slug}/images/${slug}\\.(?:png|jpe?g|webp)$`),
} as const;

export type FileKind = keyof typeof kinds;

export function fileKind(name: string): FileKind | undefined {
  return (Object.keys(kinds) as FileKind[]).find((kind) => kinds[kind].test(name));
}

/**
 * The prefix to strip so that names start at the package root: a zip may hold the package at its
 * root, or inside a folder (what "Compress folder" produces), or a folder inside a folder: the
 * folder of the shallowest course.yaml, when every file is inside it.
 */
export function packageRoot(names: readonly string[]): string {
  if (names.some((n) => kinds.manifest.test(n))) return '';
  const nested = nestedManifest(names);
  if (nested !== undefined) {
    const prefix = nested.slice(0, nested.lastIndexOf('/') + 1);
    return names.every((n) => n.startsWith(prefix)) ? prefix : '';
  }
  const first = new Set(names.map((n) => n.split('/')[0]));
  if (first.size !== 1) return '';
  const [top] = [...first];
  return names.every((n) => n.includes('/')) ? `${top}/` : '';
}

/** The shallowest course.yaml (or course.json) below the top, if any. */
export function nestedManifest(names: readonly string[]): string | undefined {
  return names.filter((n) => /\/course\.(?:yaml|json)$/.test(n)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
}
