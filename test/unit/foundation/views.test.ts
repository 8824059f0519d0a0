// Templates are compiled with every helper known (http/views.ts): a template that calls a helper
// the engine does not have must fail here, not in front of a user.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileOptions, createViewEngine, viewsDir } from '../../../server/http/views.ts';

describe('views', () => {
  const files = readdirSync(viewsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));

  it('finds the templates', () => {
    expect(files).to.include('layouts/main.hbs').and.include('learning/lesson.hbs');
  });

  it('compiles every template with only the helpers the engine has', () => {
    for (const file of files) {
      expect(() => Handlebars.precompile(readFileSync(path.join(viewsDir, file), 'utf8'), compileOptions), file).not.to.throw();
    }
  });

  it("writes a date in each page's language, the same moment in three, and nothing for a non-date", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qorgau-views-'));
    try {
      for (const sub of ['layouts', 'partials']) mkdirSync(path.join(dir, sub));
      writeFileSync(path.join(dir, 'page.hbs'), '{{date when}}|{{date never}}');
      const engine = createViewEngine(dir);
      const render = (lang: string, when: unknown) =>
        new Promise<string>((resolve, reject) => engine.engine(path.join(dir, 'page.hbs'), { cache: true, layout: false, lang, when, never: 'not a date' }, (err, html) => (err ? reject(err) : resolve(html!))));
      const when = new Date('2026-12-01T20:30:00Z'); // 2 December in Kazakhstan
      const written = { kk: await render('kk', when), ru: await render('ru', when), en: await render('en', when) };
      expect(written.en).to.equal('2 December 2026|');
      expect(written.ru).to.match(/^2 декабря 2026/);
      expect(written.kk).to.match(/2026/).and.match(/желтоқсан/i);
      // asked again (remembered), and given as a string or a number: the same
      expect(await render('ru', when.toISOString())).to.equal(written.ru);
      expect(await render('en', when.getTime())).to.equal(written.en);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a template that calls a helper the engine does not have', () => {
    expect(() => Handlebars.precompile('{{shout "hi"}}', compileOptions)).to.throw(/unknown helper shout/);
    expect(() => Handlebars.precompile('{{#if (shout user)}}x{{/if}}', compileOptions)).to.throw(/unknown helper shout/);
  });
});
