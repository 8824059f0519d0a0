import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars, { type HelperOptions, type TemplateDelegate } from 'handlebars';
import { LRUCache } from 'lru-cache';
import { formatNumber, isLanguage, momentFormat, type Translate } from '../i18n/index.ts';

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');

interface RootContext {
  t?: Translate;
  csrf?: () => string;
  base?: string;
  lang?: string;
}

/**
 * Dates as pages write them, remembered: a roster or a user list writes one or two per row, and
 * each formatting by ICU cost about as much as the rest of the row (4 % of a roster page's CPU).
 * Keyed by language and the moment; the most recently used are kept, this many.
 */
const writtenDates = new LRUCache<string, string>({ max: 5_000 });

function root(options: HelperOptions): RootContext {
  return (options.data as { root?: RootContext } | undefined)?.root ?? {};
}

const helpers = {
  /** {{t "key" name=value}}: a catalog string in the request's language */
  t(key: unknown, options: HelperOptions): string {
    const t = root(options).t;
    return t && typeof key === 'string' ? t(key, options.hash as Record<string, unknown>) : String(key);
  },
  /** {{url "/path"}}: a path inside the plugin, whatever the mount path */
  url(target: unknown, options: HelperOptions): string {
    return `${root(options).base ?? ''}${typeof target === 'string' ? target : ''}`;
  },
  /** {{csrfField}}: the hidden synchronizer-token field every state-changing form carries */
  csrfField(options: HelperOptions): Handlebars.SafeString {
    const token = root(options).csrf?.() ?? '';
    return new Handlebars.SafeString(`<input type="hidden" name="_csrf" value="${Handlebars.escapeExpression(token)}">`);
  },
  concat: (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''),
  eq: (a: unknown, b: unknown) => a === b,
  not: (a: unknown) => !a,
  and: (a: unknown, b: unknown) => Boolean(a && b),
  or: (a: unknown, b: unknown) => Boolean(a || b),
  date(value: unknown, options: HelperOptions): string {
    if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') return '';
    const at = new Date(value).getTime();
    if (Number.isNaN(at)) return '';
    const given = root(options).lang;
    const lang = isLanguage(given) ? given : 'kk';
    const key = `${lang}${at}`;
    let written = writtenDates.get(key);
    if (written === undefined) {
      written = momentFormat(lang, 'date').format(at);
      writtenDates.set(key, written);
    }
    return written;
  },
  /** {{number score}}: a number as the page's language writes it (87,5 in Kazakh and Russian) */
  number(value: unknown, options: HelperOptions): string {
    const lang = root(options).lang;
    return typeof value === 'number' && Number.isFinite(value) ? formatNumber(isLanguage(lang) ? lang : 'kk', value) : '';
  },
  isoDate(value: unknown): string {
    const d = new Date(value as string);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  },
};

/**
 * Every helper is known when templates compile, so `{{name}}` compiles to a plain lookup and
 * `{{t "key"}}` to a direct call, not to code that asks at each render whether a name is a helper.
 * A template that uses a helper not listed here fails to compile, in tests, not at a user.
 */
export const compileOptions: CompileOptions = {
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  knownHelpersOnly: true,
  // A partial on a line of its own is not indented as its call is: Handlebars would split its
  // output into lines and join them again on every render, and shift a lesson's <pre> blocks.
  preventIndent: true,
};

type RenderCallback = (err: Error | null, html?: string) => void;

export interface ViewEngine {
  /** Express's view engine: `app.engine('hbs', engine.engine)` */
  engine(filePath: string, options: object, callback: RenderCallback): void;
}

/**
 * The views, as an Express view engine over Handlebars: each page is its view, rendered into the
 * layout `views/layouts/main.hbs` as `{{{body}}}` (a render's `layout` option names another, or
 * `false` for none), with the partials of `views/partials` by path. With Express's view cache on
 * (production) every template is compiled once and rendered synchronously; otherwise each render
 * reads the files again, so an edited view shows on reload. (express-handlebars did this, but
 * looked its partials up and merged them into a fresh object on every render: a tenth of a page's
 * CPU, docs/performance.md.)
 */
export function createViewEngine(dir: string = viewsDir): ViewEngine {
  const layoutsDir = path.join(dir, 'layouts');
  const partialsDir = path.join(dir, 'partials');
  let env: typeof Handlebars | undefined;
  const templates = new Map<string, TemplateDelegate>();

  const compile = (into: typeof Handlebars, file: string): TemplateDelegate => into.compile(readFileSync(file, 'utf8').trim(), compileOptions);

  /** a fresh environment with the helpers and every partial, compiled */
  function environment(): typeof Handlebars {
    const fresh = Handlebars.create();
    fresh.registerHelper(helpers);
    for (const entry of readdirSync(partialsDir, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.hbs')) continue;
      fresh.registerPartial(entry.slice(0, -'.hbs'.length).split(path.sep).join('/'), compile(fresh, path.join(partialsDir, entry)));
    }
    return fresh;
  }

  function template(into: typeof Handlebars, file: string, cache: boolean): TemplateDelegate {
    if (!cache) return compile(into, file);
    let known = templates.get(file);
    if (!known) {
      known = compile(into, file);
      templates.set(file, known);
    }
    return known;
  }

  return {
    engine(filePath, options, callback) {
      try {
        const cache = (options as { cache?: boolean }).cache === true;
        // with the cache off, partials are read again too
        const into = cache ? (env ??= environment()) : environment();
        const context = options as Record<string, unknown>;
        // Not trimmed inside the layout: a view's file is trimmed when it compiles, and trimming a
        // page-long string built by concatenation copies it whole first (flattening it)
        const body = template(into, filePath, cache)(context);
        const layout = 'layout' in context ? context.layout : 'main';
        if (typeof layout !== 'string' || !layout) return callback(null, body.trim());
        const layoutFile = path.join(layoutsDir, `${layout}.hbs`);
        // Express builds these options afresh for each render: the page goes in as they are, not a copy
        context.body = body;
        callback(null, template(into, layoutFile, cache)(context));
      } catch (err) {
        callback(err as Error);
      }
    },
  };
}
