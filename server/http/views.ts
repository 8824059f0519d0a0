import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, type ExpressHandlebars } from 'express-handlebars';
import Handlebars, { type HelperOptions } from 'handlebars';
import type { Translate } from '../i18n/index.ts';

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');

interface RootContext {
  t?: Translate;
  csrf?: () => string;
  base?: string;
  lang?: string;
}

function root(options: HelperOptions): RootContext {
  return (options.data as { root?: RootContext } | undefined)?.root ?? {};
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: string): Intl.DateTimeFormat {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Almaty' });
    dateFormats.set(lang, format);
  }
  return format;
}

export function createViewEngine(): ExpressHandlebars {
  return create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers: {
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
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? '' : dateFormat(root(options).lang ?? 'kk').format(d);
      },
      isoDate(value: unknown): string {
        const d = new Date(value as string);
        return Number.isNaN(d.getTime()) ? '' : d.toISOString();
      },
    },
  });
}
