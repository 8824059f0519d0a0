// Templates are compiled with every helper known (http/views.ts): a template that calls a helper
// the engine does not have must fail here, not in front of a user.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileOptions, viewsDir } from '../../../server/http/views.ts';

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

  it('refuses a template that calls a helper the engine does not have', () => {
    expect(() => Handlebars.precompile('{{shout "hi"}}', compileOptions)).to.throw(/unknown helper shout/);
    expect(() => Handlebars.precompile('{{#if (shout user)}}x{{/if}}', compileOptions)).to.throw(/unknown helper shout/);
  });
});
