// The curriculum 2.0 goals (issue 16, ../shared briefs): every built-in course ends with a practice
// module of linked case questions and at least one printable activity, claims no more hours than
// its content holds, and gives test-wise learners nothing in the shape of its options. The hours
// and item statistics are measured by the validator's own code, so this test and
// `qorgau courses validate` cannot disagree.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expectedTime } from '../../../server/courses/package/hours.ts';
import { itemStatistics, itemWarnings, LONGEST_CORRECT_LIMIT, type QuizFile } from '../../../server/courses/package/item-stats.ts';
import { formatProblem } from '../../../server/courses/package/problems.ts';
import type { Quiz } from '../../../server/courses/package/quiz.schema.ts';

const coursesDir = 'courses';
const languages = ['kk', 'ru', 'en'] as const;
type Texts = Record<(typeof languages)[number], string>;

interface Manifest {
  version: string;
  academicHours: number;
  modules: {
    id: string;
    lessons: { id: string; contentNote?: string }[];
    activities?: { id: string; title: Texts; minutes: number }[];
  }[];
}

const courseIds = readdirSync(coursesDir).filter((d) => existsSync(path.join(coursesDir, d, 'course.yaml')));
const isPractice = (moduleId: string) => /^\d\d-practice$/.test(moduleId);

for (const id of courseIds) {
  describe(`${id}: the curriculum 2.0 goals`, () => {
    const dir = path.join(coursesDir, id);
    const manifest = parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8')) as Manifest;
    const read = (moduleId: string, file: string) => readFileSync(path.join(dir, 'modules', moduleId, file), 'utf8');
    const quizOf = (moduleId: string) => parse(read(moduleId, 'quiz.yaml')) as Quiz;
    const lessonText = (moduleId: string, lessonId: string, lang: string) => read(moduleId, `${lessonId}.${lang}.md`);
    const practice = manifest.modules[manifest.modules.length - 1]!;

    it('is version 2 or later, so teachers enrolled on 1.x keep their version', () => {
      expect(Number(manifest.version.split('.')[0])).to.be.at.least(2);
    });

    it('ends with a practice module whose quiz asks linked questions about each case', () => {
      expect(practice.id).to.match(/^\d\d-practice$/);
      expect(manifest.modules.filter((m) => isPractice(m.id))).to.have.length(1);
      const quiz = quizOf(practice.id);
      expect(quiz.settings).to.deep.equal({ draw: quiz.questions.length, review: 'always', passMark: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 30 });
      const perCase = new Map<number, number>();
      for (const q of quiz.questions) {
        const match = /^c(\d+)-[a-z0-9-]+$/.exec(q.id);
        expect(match, `question id ${q.id} names its case, e.g. c1-notice`).to.not.equal(null);
        perCase.set(Number(match![1]), (perCase.get(Number(match![1])) ?? 0) + 1);
      }
      expect([...perCase.keys()].sort((a, b) => a - b), 'every case has questions').to.deep.equal(practice.lessons.map((_, i) => i + 1));
      for (const [n, count] of perCase) expect(count, `case ${n}: several linked questions`).to.be.at.least(3);
    });

    it('carries at least one activity in its practice module, with a printable template in every language', () => {
      expect(practice.activities ?? [], 'practice activities').to.have.length.at.least(1);
      for (const module of manifest.modules) {
        for (const activity of module.activities ?? []) {
          expect(activity.minutes, activity.id).to.be.within(5, 240);
          for (const lang of languages) {
            const template = read(module.id, `activities/${activity.id}.${lang}.md`);
            expect(template.trim().length, `${activity.id}.${lang}`).to.be.greaterThan(100);
            // something to fill in: blank lines, or an empty table cell
            expect(template, `${activity.id}.${lang} has blanks to fill in`).to.match(/_{4,}|\|\s+\|/);
          }
        }
      }
    });

    it('claims no more academic hours than its expected learner time supports (45 min an hour, 10 % margin)', () => {
      const time = expectedTime({
        languages,
        lessons: manifest.modules.flatMap((m) => m.lessons.map((l) => Object.fromEntries(languages.map((lang) => [lang, lessonText(m.id, l.id, lang)])))),
        quizMinutes: manifest.modules.map((m) => quizOf(m.id).settings.timeLimitMinutes),
        activityMinutes: manifest.modules.flatMap((m) => (m.activities ?? []).map((a) => a.minutes)),
      });
      expect(Number.isInteger(manifest.academicHours) && manifest.academicHours >= 1).to.equal(true);
      expect(manifest.academicHours, `${Math.round(time.totalMinutes)} min of expected learner time`).to.be.at.most(time.supportedHours);
    });

    it('meets the quiz item goals in every language', () => {
      const quizzes: QuizFile[] = manifest.modules.map((m) => ({ file: `modules/${m.id}/quiz.yaml`, quiz: quizOf(m.id) }));
      const stats = itemStatistics([...languages], quizzes);
      for (const { lang, singles, longestCorrect } of stats.languages) {
        expect(longestCorrect, `${lang}: correct option strictly the longest in ${longestCorrect} of ${singles}`).to.be.at.most(Math.floor(singles * LONGEST_CORRECT_LIMIT));
      }
      expect(itemWarnings(stats, quizzes).map((w) => formatProblem(w))).to.deep.equal([]);
    });

    it('keeps each lesson parallel across languages: the same lines and headings', () => {
      for (const module of manifest.modules) {
        for (const lesson of module.lessons) {
          const shape = (lang: string) => lessonText(module.id, lesson.id, lang).trimEnd().split('\n').map((line) => (/^#+ /.exec(line)?.[0] ?? (line.trim() ? 'text' : '')));
          expect(shape('ru'), `${module.id}/${lesson.id} ru`).to.deep.equal(shape('kk'));
          expect(shape('en'), `${module.id}/${lesson.id} en`).to.deep.equal(shape('kk'));
        }
      }
    });

    it('puts a content note before every lesson about sexual violence', () => {
      for (const module of manifest.modules) {
        for (const lesson of module.lessons) {
          const mentions = (lessonText(module.id, lesson.id, 'en').match(/sexual (?:violence|abuse|exploitation)/gi) ?? []).length;
          if (mentions >= 3) expect(lesson.contentNote, `${module.id}/${lesson.id} mentions sexual violence ${mentions} times`).to.be.oneOf(['sexual-violence', 'self-harm']);
        }
      }
    });

    it('states 111 as the seed does, and dashes as the glossary does', () => {
      const files = (readdirSync(path.join(dir, 'modules'), { recursive: true }) as string[]).filter((f) => /\.(md|yaml)$/.test(f));
      for (const file of files) {
        const text = read('', file);
        for (const sentence of text.split(/(?<=[.!?])\s+|\n/).filter((s) => s.includes('111'))) {
          expect(sentence, `${file}: 111 is never said to answer at any time`).not.to.match(/24\/7|24 hours a day|at any time|круглосуточн|в любое время|тәулік бойы|кез келген уақытта/i);
        }
        expect(text, `${file}: an em dash, not an en dash, as a dash`).not.to.match(/ – /);
      }
    });
  });
}
