import { expect } from 'chai';
import { renderLesson } from '../../../server/courses/lesson-render.ts';

const where = { moduleDir: 'modules/01-basics', images: new Map([['modules/01-basics/images/algorithm.png', '65f000000000000000000001']]) };

describe('rendering a lesson', () => {
  it('shows {{...}} literally: lesson text is never a template', () => {
    const html = renderLesson('Hello {{user.displayName}} and {{{body}}} and {{> header}} and {{constructor.constructor "x"}}', '/training', where);
    expect(html).to.equal('<p>Hello {{user.displayName}} and {{{body}}} and {{&gt; header}} and {{constructor.constructor "x"}}</p>\n');
  });

  it('puts a table in a box of its own that scrolls, so a phone does not scroll the whole page', () => {
    const html = renderLesson('| Feature | Conflict |\n| --- | --- |\n| Balance | equal |', '', where);
    expect(html).to.match(/^<div class="table-scroll" tabindex="0">\s*<table>[\s\S]*<\/table>\s*<\/div>\s*$/);
    // a div written in the Markdown itself is escaped, as all raw HTML is
    expect(renderLesson('<div class="table-scroll" tabindex="5">x</div>', '', where)).to.not.contain('<div');
  });

  it('escapes raw HTML instead of running it', () => {
    const html = renderLesson('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>', '', where);
    expect(html).not.to.contain('<script');
    expect(html).not.to.contain('<img');
    expect(html).to.contain('&lt;script&gt;');
  });

  it('points package images at /media/:id under the mount path', () => {
    const html = renderLesson('![The algorithm](images/algorithm.png)', '/training', where);
    expect(html).to.equal('<p><img src="/training/media/65f000000000000000000001" alt="The algorithm" loading="lazy" /></p>\n');
  });

  it('drops images that are not in the package', () => {
    expect(renderLesson('![x](https://evil.example/x.png) ![y](data:image/png;base64,AAAA)', '', where)).to.equal('<p> </p>\n');
  });

  it('keeps web links, marked nofollow, and drops script links', () => {
    const html = renderLesson('[site](https://www.gov.kz) [bad](javascript:alert(1))', '', where);
    expect(html).to.contain('<a href="https://www.gov.kz" rel="noopener noreferrer nofollow">site</a>');
    expect(html).not.to.match(/href="javascript/i);
  });

  it('turns a lesson h1 into h2, under the page title', () => {
    expect(renderLesson('# Top\n\n## Next', '', where)).to.equal('<h2>Top</h2>\n<h2>Next</h2>\n');
  });
});
