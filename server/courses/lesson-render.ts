// Lesson Markdown → HTML for a page. markdown-it runs with raw HTML off, then sanitize-html keeps
// only the tags a lesson needs. The result is data for a `{{{lessonHtml}}}` slot: it is never
// compiled as a template, so `{{ ... }}` written in a lesson shows literally.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { imagePath } from './package/lesson-checks.ts';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

interface RenderEnv {
  base: string;
  moduleDir: string;
  images: ReadonlyMap<string, string>;
}

// Images point into the package; they are served from GridFS under the plugin's mount path.
const defaultImage = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx]!;
  const target = imagePath(env.moduleDir, token.attrGet('src') ?? '');
  const fileId = target ? env.images.get(target) : undefined;
  if (!fileId) return '';
  token.attrSet('src', `${env.base}/media/${fileId}`);
  token.attrSet('loading', 'lazy');
  return defaultImage(tokens, idx, options, env, self);
};

// A table wider than a phone scrolls on its own, not the whole page (WCAG 1.4.10), and can be
// scrolled from the keyboard.
markdown.renderer.rules.table_open = () => '<div class="table-scroll" tabindex="0">\n<table>\n';
markdown.renderer.rules.table_close = () => '</table>\n</div>\n';

function sanitizeOptions(base: string): sanitizeHtml.IOptions {
  const mediaPrefix = `${base}/media/`;
  return {
    allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'em', 's', 'blockquote', 'code', 'pre', 'hr', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img'],
    // (Markdown's raw HTML is off: a div is only ever the table's scroll box above)
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'], div: ['class', 'tabindex'] },
    allowedClasses: { div: ['table-scroll'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    transformTags: {
      // The page's own title is the h1; a lesson's top heading becomes the next level.
      h1: 'h2',
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !String(frame.attribs.src ?? '').startsWith(mediaPrefix),
  };
}

export interface LessonImages {
  /** the module's folder in the package, e.g. `modules/01-signs` */
  moduleDir: string;
  /** package path → GridFS file id */
  images: ReadonlyMap<string, string>;
}

/** Sanitised HTML for one lesson; `base` is the plugin's mount path (req.baseUrl). */
export function renderLesson(source: string, base: string, where: LessonImages): string {
  const html = markdown.render(source, { base, moduleDir: where.moduleDir, images: where.images } satisfies RenderEnv);
  return sanitizeHtml(html, sanitizeOptions(base));
}
