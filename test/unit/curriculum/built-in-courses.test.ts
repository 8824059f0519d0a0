// The six built-in courses, read as their authors wrote them: sizes, languages, letters and care.
// The curriculum 2.0 goals (practice, activities, honest hours, item statistics) are in curriculum-goals.test.ts.
import { expect } from 'chai';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const coursesDir = 'courses';
const languages = ['kk', 'ru', 'en'] as const;
type Texts = Record<(typeof languages)[number], string>;

interface Manifest {
  id: string;
  languages: string[];
  academicHours: number;
  standards: string[];
  title: Texts;
  modules: { id: string; lessons: { id: string; title: Texts }[]; activities?: { id: string }[] }[];
}
interface Question {
  id: string;
  type: string;
  text: Texts;
  explanation: Texts;
  options?: { id: string; text: Texts }[];
  items?: { id: string; text: Texts }[];
  pairs?: { id: string; left: Texts; right: Texts }[];
}

const isPractice = (moduleId: string) => /^\d\d-practice$/.test(moduleId);
/** The printable templates of a module's activities, in one language. */
const templates = (dir: string, module: Manifest['modules'][number], lang: string) =>
  (module.activities ?? []).map((a) => readFileSync(path.join(dir, 'modules', module.id, 'activities', `${a.id}.${lang}.md`), 'utf8'));
const courseIds = readdirSync(coursesDir).filter((d) => existsSync(path.join(coursesDir, d, 'course.yaml')));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
// The one mixed-script name allowed: the national anti-bullying programme is spelled ДосболLIKE.
const allowedMixed = new Set(['ДосболLIKE']);

function allTexts(q: Question): Texts[] {
  return [q.text, q.explanation, ...(q.options ?? []).map((o) => o.text), ...(q.items ?? []).map((i) => i.text), ...(q.pairs ?? []).flatMap((p) => [p.left, p.right])];
}

function kazakhProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[\u0259\u018F\u0131\u0130\u00F6\u00D6\u00FC\u00DC\u011F\u011E\u00E7\u015F]/.test(text)) problems.push('Latin look-alike of a Kazakh letter');
  for (const word of text.match(/[\p{L}]+/gu) ?? []) {
    if (/[a-zA-Z]/.test(word) && /[\u0400-\u04FF]/.test(word) && !allowedMixed.has(word)) problems.push(`mixed-script word ${word}`);
  }
  return problems;
}

describe('the built-in curriculum', () => {
  it('has the six national courses', () => {
    expect(courseIds.sort()).to.deep.equal(['bullying-prevention', 'children-at-higher-risk', 'deviant-behaviour', 'early-detection', 'law-and-order', 'personal-safety']);
  });

  it('keeps one shared glossary with every term in kk, ru and en', () => {
    const glossary = parse(readFileSync(path.join(coursesDir, 'glossary.yaml'), 'utf8')) as { terms: (Texts & { id: string })[] };
    expect(glossary.terms.length).to.be.greaterThan(20);
    for (const term of glossary.terms) for (const lang of languages) expect(term[lang], `${term.id}.${lang}`).to.be.a('string').and.not.equal('');
  });

  for (const id of courseIds) {
    describe(id, () => {
      const dir = path.join(coursesDir, id);
      const manifest = parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8')) as Manifest;

      it('declares kk, ru and en, academic hours and a standard requirement', () => {
        expect(manifest.languages).to.have.members([...languages]);
        expect(manifest.academicHours).to.be.within(1, 200);
        expect(manifest.standards).to.have.length.greaterThan(0);
      });

      it('has 3 to 4 modules of 2 to 3 lessons and a practice module of 3 to 4 cases, each 600 to 1,200 words in every language', () => {
        expect(manifest.modules.length).to.be.within(4, 5);
        for (const module of manifest.modules) {
          if (isPractice(module.id)) expect(module.lessons.length, module.id).to.be.within(3, 4);
          else expect(module.lessons.length, module.id).to.be.within(2, 3);
          for (const lesson of module.lessons) {
            for (const lang of languages) {
              const text = readFileSync(path.join(dir, 'modules', module.id, `${lesson.id}.${lang}.md`), 'utf8');
              expect(words(text), `${module.id}/${lesson.id}.${lang}.md`).to.be.within(600, 1200);
            }
          }
        }
      });

      it('has a bank of at least 12 questions per module, mixing at least four types, each explained in every language', () => {
        for (const module of manifest.modules) {
          const quiz = parse(readFileSync(path.join(dir, 'modules', module.id, 'quiz.yaml'), 'utf8')) as { questions: Question[] };
          // the practice quiz is the cases' questions (curriculum-goals.test.ts); every item is explained all the same
          if (!isPractice(module.id)) {
            expect(quiz.questions.length, module.id).to.be.at.least(12);
            expect(new Set(quiz.questions.map((q) => q.type)).size, module.id).to.be.at.least(4);
          }
          for (const q of quiz.questions) for (const lang of languages) expect(words(q.explanation[lang]), `${module.id} ${q.id} ${lang}`).to.be.at.least(8);
        }
      });

      it('writes Kazakh with real Kazakh letters, never Latin look-alikes', () => {
        const problems: string[] = [];
        let kazakhLetters = 0;
        for (const module of manifest.modules) {
          for (const lesson of module.lessons) {
            const text = readFileSync(path.join(dir, 'modules', module.id, `${lesson.id}.kk.md`), 'utf8');
            kazakhLetters += (text.match(/[әғқңөұүһі]/g) ?? []).length;
            problems.push(...kazakhProblems(text).map((p) => `${module.id}/${lesson.id}: ${p}`));
          }
          for (const t of templates(dir, module, 'kk')) problems.push(...kazakhProblems(t).map((p) => `${module.id} activity: ${p}`));
          const quiz = parse(readFileSync(path.join(dir, 'modules', module.id, 'quiz.yaml'), 'utf8')) as { questions: Question[] };
          for (const q of quiz.questions) for (const t of allTexts(q)) problems.push(...kazakhProblems(t.kk).map((p) => `${module.id} ${q.id}: ${p}`));
        }
        expect(problems).to.deep.equal([]);
        expect(kazakhLetters).to.be.greaterThan(1000);
      });

      it('keeps Russian and English free of Kazakh-only letters', () => {
        for (const module of manifest.modules) {
          for (const lesson of module.lessons) {
            for (const lang of ['ru', 'en'] as const) {
              const text = readFileSync(path.join(dir, 'modules', module.id, `${lesson.id}.${lang}.md`), 'utf8');
              expect(text, `${lesson.id}.${lang}`).not.to.match(/[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/);
            }
          }
          for (const lang of ['ru', 'en'] as const) for (const t of templates(dir, module, lang)) expect(t, `${module.id} activity ${lang}`).not.to.match(/[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/);
        }
      });

      it('shows where to get help, in every language', () => {
        for (const lang of languages) {
          const all = manifest.modules
            .flatMap((m) => m.lessons.map((l) => readFileSync(path.join(dir, 'modules', m.id, `${l.id}.${lang}.md`), 'utf8')))
            .join('\n');
          expect(all, lang).to.contain('111');
        }
      });

      it('invents no phone numbers: 111 is the only one', () => {
        for (const file of readdirSync(path.join(dir, 'modules'), { recursive: true }) as string[]) {
          if (!/\.(md|yaml)$/.test(file)) continue;
          const text = readFileSync(path.join(dir, 'modules', file), 'utf8');
          const phones = text.match(/(?<![\d.,])(?:\+?\d[\d\s()-]{5,}\d)(?![\d.,])/g) ?? [];
          expect(phones.filter((p) => !/^(20\d\d|19\d\d)/.test(p.trim())), file).to.deep.equal([]);
        }
      });
    });
  }
});
