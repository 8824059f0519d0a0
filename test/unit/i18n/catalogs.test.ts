import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hasKey, languages, loadCatalog } from '../../../server/i18n/index.ts';

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, ext) : full.endsWith(ext) ? [full] : [];
  });
}

const views = walk('views', '.hbs');

describe('the kk, ru and en catalogs', () => {
  const keys = Object.fromEntries(languages.map((l) => [l, new Set(flatten(loadCatalog(l)))]));

  for (const lang of languages) {
    it(`${lang} has every key that another language has`, () => {
      const missing = languages.flatMap((other) => [...keys[other]!].filter((k) => !keys[lang]!.has(k)));
      expect([...new Set(missing)], `missing in ${lang}`).to.deep.equal([]);
    });
    it(`${lang} has no empty strings`, () => {
      const catalog = loadCatalog(lang);
      const empty = flatten(catalog).filter((k) => {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], catalog);
        return typeof v !== 'string' || v.trim() === '';
      });
      expect(empty).to.deep.equal([]);
    });
  }

  it('uses real Kazakh letters, not Latin look-alikes, in kk', () => {
    const catalog = loadCatalog('kk');
    const text = flatten(catalog)
      .map((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], catalog))
      .join('\n');
    expect(text).not.to.match(/[\u0259\u0131\u00f6\u00fc\u011f]/);
    const mixed = text.match(/[\p{L}]*(?:[a-zA-Z][\u0400-\u04FF]|[\u0400-\u04FF][a-zA-Z])[\p{L}]*/gu) ?? [];
    expect(mixed).to.deep.equal([]);
    for (const letter of 'әғқңөұүі') expect(text, `kk uses ${letter}`).to.contain(letter);
  });

  it('has every key that a template asks for, in every language', () => {
    const missing: string[] = [];
    for (const file of views) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\{\{t\s+"([^"]+)"/g)) {
        for (const lang of languages) if (!hasKey(lang, match[1]!)) missing.push(`${file}: ${match[1]} (${lang})`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it('finds no UI text written inside a template', () => {
    const offenders: string[] = [];
    for (const file of views) {
      const text = readFileSync(file, 'utf8')
        .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
        .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ')
        .replace(/<script[\s\S]*?<\/script>/g, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&[a-z#0-9]+;/gi, ' ');
      const words = text.match(/\p{L}{2,}/gu);
      if (words) offenders.push(`${file}: ${words.slice(0, 5).join(' ')}`);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\s(aria-label|alt|title|placeholder|content)="([^"]*)"/g)) {
        const value = m[2]!.replace(/\{\{[\s\S]*?\}\}/g, '').trim();
        if (/\p{L}{2,}/u.test(value) && !/^width=device-width/.test(value)) offenders.push(`${file}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
