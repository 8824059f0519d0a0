import { expect } from 'chai';
import { parseJson, parseYaml } from '../../../server/courses/package/parse-data.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { formatProblem, PackageError } from '../../../server/courses/package/problems.ts';
import { edit, miniCourse } from '../../helpers/zip.ts';

function problemsOf(result: ReturnType<typeof parseYaml>): string[] {
  return result.ok ? [] : result.problems.map((p) => formatProblem(p));
}

describe('parsing course.yaml, quiz.yaml and their JSON forms', () => {
  it('refuses a YAML alias bomb', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    expect(problemsOf(parseYaml('course.yaml', Buffer.from(lines.join('\n'))))).to.deep.equal(['course.yaml: uses too many YAML aliases (at most 20)']);
    expect(Date.now() - started).to.be.below(5_000);
  });

  it('refuses !!js/function and any other custom tag', () => {
    expect(problemsOf(parseYaml('course.yaml', Buffer.from('id: !!js/function "function () { return process.exit(1) }"\n')))).to.deep.equal([
      'course.yaml: uses the tag tag:yaml.org,2002:js/function (line 1); custom YAML tags are not allowed',
    ]);
    expect(problemsOf(parseYaml('course.yaml', Buffer.from('id: !python/object x\n')))[0]).to.match(/uses the tag !python\/object/);
  });

  it('refuses a << merge key', () => {
    expect(problemsOf(parseYaml('course.yaml', Buffer.from('base: &b { kk: a }\ntitle:\n  <<: *b\n  ru: b\n')))).to.deep.equal([
      'course.yaml: /title/<<: uses a "<<" merge key; write the values out instead',
    ]);
  });

  it('refuses JSON nested 100,000 deep without overflowing the stack', () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(problemsOf(parseJson('course.json', Buffer.from(deep)))).to.deep.equal(['course.json: is nested more than 32 levels deep']);
  });

  it('refuses YAML nested 100,000 deep, in flow and in block style', () => {
    const flow = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const block = `${'- '.repeat(100_000)}x`;
    expect(problemsOf(parseYaml('course.yaml', Buffer.from(flow)))).to.deep.equal(['course.yaml: is nested more than 32 levels deep']);
    expect(problemsOf(parseYaml('course.yaml', Buffer.from(block)))).to.deep.equal(['course.yaml: is nested more than 32 levels deep']);
  });

  it('ignores brackets inside JSON strings when measuring depth', () => {
    const result = parseJson('quiz.json', Buffer.from(JSON.stringify({ text: '['.repeat(1000) })));
    expect(result.ok).to.equal(true);
  });

  it('names the line of a YAML syntax error and of a repeated key', () => {
    expect(problemsOf(parseYaml('course.yaml', Buffer.from('id: a\n  bad: [\n')))[0]).to.match(/^course\.yaml: is not valid YAML \(line \d+, column \d+\)/);
    expect(problemsOf(parseYaml('course.yaml', Buffer.from('id: a\nid: b\n')))).to.deep.equal(['course.yaml: repeats a key (line 2, column 1)']);
  });

  it('tells the reason of the commonest slips in hand-written YAML, with the line', () => {
    const first = (text: string) => problemsOf(parseYaml('course.yaml', Buffer.from(text)))[0];
    expect(first('title:\n\tkk: Буллинг\n')).to.equal('course.yaml: is not valid YAML (line 2, column 1): a tab indents this line; indent with spaces');
    expect(first('title: Буллинг: анықтама\n')).to.contain('put the whole text in quotes');
    expect(first('title: "Буллинг\n')).to.contain('is not closed');
    expect(first('title: @ескерту\n')).to.contain('cannot begin with this character');
  });

  it('points an unclosed bracket or quote at the line where it opens, not where the parser gave up', () => {
    const first = (text: string) => problemsOf(parseYaml('course.yaml', Buffer.from(text)))[0];
    // the library reports these as an indentation slip on the next key, or at the end of the file
    expect(first('id: x\ntags: [a, "b", c\nacademicHours: 2\nlanguages: [kk]\n')).to.equal(
      'course.yaml: is not valid YAML (line 2, column 7): the bracket opened here is not closed before the next key, or a line inside it is not indented further than its key',
    );
    expect(first('id: x\ntitle: {kk: a, ru: [b, c]\nacademicHours: 2\n')).to.match(/^course\.yaml: is not valid YAML \(line 2, column 8\): the bracket opened here/);
    expect(first('[a, b\n')).to.match(/\(line 1, column 1\): the bracket opened here/);
    expect(first("id: x\ntitle: 'Буллинг\nacademicHours: 2\nlanguages: [kk]\n")).to.equal('course.yaml: is not valid YAML (line 2, column 8): the quote opened here is not closed');
    // a bracket closed on its line is not blamed for a slip after it
    expect(first('id: [a, b]\ntitle: "x" y\n')).not.to.contain('bracket');
  });

  it('names the line of a JSON syntax error', () => {
    expect(problemsOf(parseJson('quiz.json', Buffer.from('{\n  "a": 1,\n}')))).to.deep.equal(['quiz.json: is not valid JSON (line 3, column 1)']);
  });

  it('refuses a file that is not UTF-8', () => {
    expect(problemsOf(parseYaml('course.yaml', Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe])))).to.deep.equal(['course.yaml: is not UTF-8 text']);
  });

  it('keeps core-schema scalars plain: yes stays text, dates stay text', () => {
    const result = parseYaml('x.yaml', Buffer.from('a: yes\nb: 2024-01-01\nc: 0x10\n'));
    expect(result.ok && result.value).to.deep.equal({ a: 'yes', b: '2024-01-01', c: 16 });
  });

  it('refuses a package whose manifest carries !!js/function, and names the file', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('academicHours: 2', 'academicHours: !!js/function "function () {}"'));
    try {
      validatePackage(files);
      expect.fail('accepted');
    } catch (err) {
      expect(err).to.be.instanceOf(PackageError);
      expect((err as PackageError).problems.map((p) => formatProblem(p))[0]).to.match(/^course\.yaml: uses the tag tag:yaml.org,2002:js\/function/);
    }
  });
});
