// Checks a lesson's Markdown before it is stored: no raw HTML (it would only show as text, so it
// is refused as a likely mistake), links only to the web or mail, and images only from the package.
// The parser here runs with HTML on purpose, to see the HTML that the renderer will refuse to run.
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { fileKind } from './entry-names.ts';
import type { PackageFiles } from './package-files.ts';
import { problem, type PackageProblem } from './problems.ts';

const detector = new MarkdownIt({ html: true, linkify: false });
// markdown-it leaves a `javascript:`, `vbscript:`, `file:` or `data:` link as plain text without a
// word; here every link is a link, so such a link is refused with a message like any other
detector.validateLink = () => true;

type Token = ReturnType<MarkdownIt['parse']>[number];

const allowedLink = /^(?:https?:\/\/|mailto:|#)/i;
const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

function decode(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/** The package path an image reference points to, or undefined when it cannot be in the package. */
export function imagePath(moduleDir: string, src: string): string | undefined {
  const target = decode(src).split(/[?#]/)[0]!;
  if (!target || hasScheme.test(target) || target.startsWith('/')) return undefined;
  const resolved = path.posix.normalize(path.posix.join(moduleDir, target));
  return resolved.startsWith('../') ? undefined : resolved;
}

function* walk(tokens: readonly Token[], line = 0): Generator<[Token, number]> {
  for (const token of tokens) {
    const at = token.map ? token.map[0] + 1 : line;
    yield [token, at];
    if (token.children) yield* walk(token.children, at);
  }
}

/**
 * Checks one lesson file; returns the package paths of the images it shows. An activity template
 * (`images: false`) is printed, so it may show no image at all.
 */
export function checkLesson(file: string, moduleDir: string, markdown: string, files: PackageFiles, problems: PackageProblem[], options: { images: boolean } = { images: true }): string[] {
  const images: string[] = [];
  // a lesson's page has its title as the one level-1 heading: its own headings start at level 2
  // and go down one level at a time, so a screen reader's outline has no gaps (a template is a
  // printed sheet with its own title)
  let level = 1;
  for (const [token, line] of walk(detector.parse(markdown, {}))) {
    if (token.type === 'heading_open' && options.images) {
      const next = Number(token.tag.slice(1));
      if (next === 1) problems.push(problem(file, '', 'lessonTitleHeading', { line }));
      else if (next > level + 1) problems.push(problem(file, '', 'headingSkipped', { line, level: next, expected: level + 1 }));
      level = Math.max(next, 2);
    }
    if (token.type === 'html_block' || token.type === 'html_inline') {
      problems.push(problem(file, '', 'rawHtml', { line }));
    } else if (token.type === 'link_open') {
      const href = token.attrGet('href') ?? '';
      if (!allowedLink.test(href)) problems.push(problem(file, '', 'linkNotAllowed', { line, href: decode(href).slice(0, 80) }));
    } else if (token.type === 'image' && !options.images) {
      problems.push(problem(file, '', 'activityImage', { line }));
    } else if (token.type === 'image') {
      const src = token.attrGet('src') ?? '';
      const target = imagePath(moduleDir, src);
      if (!target || fileKind(target) !== 'image' || !files.has(target)) {
        problems.push(problem(file, '', 'imageMissing', { line, src: decode(src).slice(0, 80) }));
      } else images.push(target);
      // a teacher who cannot see the image hears its text alternative (WCAG 1.1.1)
      if (!token.content.trim()) problems.push(problem(file, '', 'imageNoAlt', { line, src: decode(src).slice(0, 80) }));
    }
  }
  return images;
}
