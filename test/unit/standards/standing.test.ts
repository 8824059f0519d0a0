import { expect } from 'chai';
import { translator } from '../../../server/i18n/index.ts';
import { readFileSync } from 'node:fs';
import { readStandard, StandardError, formatStandardProblem } from '../../../server/standards/standard-file.ts';
import { evaluateStanding } from '../../../server/standards/standing.ts';

const shipped = readStandard('national-standard.yaml', readFileSync('courses/national-standard.yaml'));
const at = (s: string) => new Date(`${s}T00:00:00Z`);
const course = (courseId: string, standards: string[], hours: number, date: string) => ({ courseId, standards, academicHours: hours, completedAt: at(date) });
const full = [course('early-detection', ['QS-1'], 12, '2026-03-01'), course('bullying-prevention', ['QS-2'], 12, '2026-04-01'), course('deviant-behaviour', ['QS-3'], 10, '2026-05-01'), course('personal-safety', ['QS-4'], 8, '2026-06-01')];

describe('standing against the national standard', () => {
  it('ships as an example whose codes are the courses\' codes', () => {
    expect(shipped.example).to.equal(true);
    const codes = shipped.requirements.flatMap((r) => r.standards ?? []);
    expect(codes).to.include.members(['QS-1', 'QS-2', 'QS-3', 'QS-4', 'QS-5']);
  });

  it('is compliant when every requirement is met inside the cycle', () => {
    const r = evaluateStanding(shipped, { completions: full, dues: [], enrolled: [] }, at('2026-12-01'));
    expect(r.standing).to.equal('compliant');
    expect(r.missing).to.deep.equal([]);
  });

  it('is expiring when a counted completion leaves the cycle within 60 days', () => {
    const r = evaluateStanding(shipped, { completions: full, dues: [], enrolled: [] }, at('2029-02-01'));
    expect(r.standing).to.equal('expiring');
  });

  it('is overdue once a completion has lapsed, or a due date has passed', () => {
    expect(evaluateStanding(shipped, { completions: full, dues: [], enrolled: [] }, at('2029-04-01')).standing).to.equal('overdue');
    const due = evaluateStanding(shipped, { completions: [], dues: [{ courseId: 'x', dueAt: at('2026-09-01') }], enrolled: ['x'] }, at('2026-10-01'));
    expect(due.standing).to.equal('overdue');
  });

  it('is in progress with something started, not started with nothing', () => {
    expect(evaluateStanding(shipped, { completions: full.slice(0, 1), dues: [], enrolled: [] }, at('2026-12-01')).standing).to.equal('in-progress');
    expect(evaluateStanding(shipped, { completions: [], dues: [], enrolled: [] }, at('2026-12-01')).standing).to.equal('not-started');
  });

  it('refuses a file with too many YAML aliases, and names the line of a syntax error, without throwing anything else', () => {
    const problems = (text: string) => {
      try {
        readStandard('std.yaml', text);
      } catch (err) {
        expect(err).to.be.instanceOf(StandardError);
        return (err as StandardError).problems.map((p) => formatStandardProblem(p));
      }
      throw new Error('accepted');
    };
    expect(problems(`x: &t "a"\ny: [${Array(12).fill('*t').join(', ')}]\n`)).to.deep.equal(['std.yaml: uses YAML aliases (*name) more than 10 times; write the values out']);
    // each syntax error with its line and column and a reason in words, never the library's code
    expect(problems('version: 1\nversion: 2\n')).to.deep.equal(['std.yaml: repeats a key (line 2, column 1)']);
    expect(problems('version: 1\n\ttitle: x\n')[0]).to.match(/line 2, column 1\): a tab indents this line/);
    // an unclosed bracket at the line where it opens, not at the next key where the parser gave up
    expect(problems('version: 1\ncourses: [QS-1, QS-2\ntitle: x\n')[0]).to.match(/line 2, column 10\): the bracket opened here is not closed/);
    const ru = (() => {
      try {
        readStandard('std.yaml', 'version: 1\nversion: 2\n');
      } catch (err) {
        return formatStandardProblem((err as StandardError).problems[0]!, translator('ru'));
      }
      return '';
    })();
    expect(ru).to.equal('std.yaml: повторяет ключ (строка 2, столбец 1)');
  });

  it('lists every problem of a definition at once', () => {
    try {
      readStandard('std.yaml', 'example: 1\nversion: -1\ntitle: {}\nrequirements: []\nextra: x\n', new Set(['QS-1']));
      expect.fail('accepted');
    } catch (err) {
      expect(err).to.be.instanceOf(StandardError);
      const lines = (err as StandardError).problems.map((p) => formatStandardProblem(p));
      expect(lines).to.include.members(['std.yaml: /example: must be of type boolean', 'std.yaml: /version: must be at least 1', 'std.yaml: /extra: this field is not allowed', 'std.yaml: /cycleMonths: the field cycleMonths is required']);
      expect(lines.length).to.be.greaterThan(5);
    }
  });

  it('lists the rules a schema cannot state beside the schema\'s own problems, and a bad due date once', () => {
    const text = readFileSync('courses/national-standard.yaml', 'utf8')
      .replace(/^cycleMonths: .*$/m, 'cycleMonths: many')
      .replace(/^dueDate: .*$/m, 'dueDate: 2026-13-45');
    const definition = readStandard('national-standard.yaml', readFileSync('courses/national-standard.yaml'));
    const first = definition.requirements.find((r) => r.kind === 'courses')!;
    // the first courses requirement asks for one course more than it lists, and names an unknown code
    const changed = text.replace(`count: ${String(first.count)}`, `count: ${String((first.standards?.length ?? 0) + 1)}`);
    try {
      readStandard('std.yaml', changed, new Set(['NO-SUCH-CODE']));
      expect.fail('accepted');
    } catch (err) {
      const lines = (err as StandardError).problems.map((p) => formatStandardProblem(p));
      expect(lines.some((l) => l.startsWith('std.yaml: /cycleMonths:'))).to.equal(true);
      expect(lines.filter((l) => l.startsWith('std.yaml: /dueDate:'))).to.have.length(1);
      expect(lines.some((l) => /\/requirements\/\d+\/count:/.test(l))).to.equal(true);
      expect(lines.some((l) => /\/requirements\/\d+\/standards\/0:/.test(l))).to.equal(true);
    }
  });
});
