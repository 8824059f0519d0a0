import { expect } from 'chai';
import { checkHours, expectedTime, wordCount } from '../../../server/courses/package/hours.ts';
import { formatProblem, PackageError, type PackageProblem } from '../../../server/courses/package/problems.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { edit, miniCourse } from '../../helpers/zip.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

function refusal(files: Map<string, Buffer>): string[] {
  try {
    validatePackage(files);
  } catch (err) {
    if (err instanceof PackageError) return err.problems.map((p) => formatProblem(p));
    throw err;
  }
  throw new Error('the package was accepted');
}

describe('honest hours', () => {
  it('counts words as whitespace-separated tokens, Markdown marks included', () => {
    expect(wordCount('## Heading\n\n- one  two\n\tthree — four\n')).to.equal(8);
    expect(wordCount('  ')).to.equal(0);
  });

  it('reads at 150 words a minute, averaged over the languages, and adds quiz limits and activity minutes', () => {
    const time = expectedTime({
      languages: ['kk', 'ru', 'en'],
      lessons: [
        { kk: words(600), ru: words(900), en: words(1200) },
        { kk: words(300), ru: words(300), en: words(300) },
      ],
      quizMinutes: [20, 30],
      activityMinutes: [40],
    });
    expect(time.readingMinutes).to.equal(8); // (900 + 300) / 150
    expect(time.quizMinutes).to.equal(50);
    expect(time.activityMinutes).to.equal(40);
    expect(time.totalMinutes).to.equal(98);
    expect(time.supportedHours).to.equal(2); // 98 / 45 × 1.1 = 2.39
  });

  it('averages only over the course languages', () => {
    const time = expectedTime({ languages: ['ru'], lessons: [{ ru: words(1500), en: words(3000) }], quizMinutes: [], activityMinutes: [] });
    expect(time.readingMinutes).to.equal(10);
  });

  it('allows exactly 10 % over 45 minutes an hour, and not a minute less', () => {
    // 3 hours need 3 × 45 / 1.1 = 122.7 minutes
    const enough = expectedTime({ languages: ['en'], lessons: [], quizMinutes: [], activityMinutes: [123] });
    const short = expectedTime({ languages: ['en'], lessons: [], quizMinutes: [], activityMinutes: [122] });
    expect(enough.supportedHours).to.equal(3);
    expect(short.supportedHours).to.equal(2);
    // 90 min / 45 × 1.1 = 2.2000000000000002 in floating point, and must stay 2
    expect(expectedTime({ languages: ['en'], lessons: [], quizMinutes: [], activityMinutes: [90] }).supportedHours).to.equal(2);
  });

  it('refuses a claim above what the content supports, naming both figures and the parts', () => {
    const problems: PackageProblem[] = [];
    const time = expectedTime({ languages: ['en'], lessons: [{ en: words(3750) }], quizMinutes: [20, 20, 20], activityMinutes: [] });
    checkHours('course.yaml', 2, time, problems);
    expect(problems).to.deep.equal([]);
    checkHours('course.yaml', 12, time, problems);
    expect(problems.map((p) => formatProblem(p))).to.deep.equal([
      'course.yaml: /academicHours: academicHours is 12, but the content supports at most 2: the expected learner time is 85 min (reading 25 min at 150 words a minute, quizzes 60 min, activities 0 min), an academic hour is 45 min, and 10 % more is allowed. Lower academicHours or add content.',
    ]);
  });

  it('says the same in Kazakh and Russian', async () => {
    const { translator } = await import('../../../server/i18n/index.ts');
    const problems: PackageProblem[] = [];
    checkHours('course.yaml', 12, expectedTime({ languages: ['kk'], lessons: [], quizMinutes: [60], activityMinutes: [] }), problems);
    expect(formatProblem(problems[0]!, translator('kk'))).to.contain('ең көбі 1 академиялық сағатқа жетеді');
    expect(formatProblem(problems[0]!, translator('ru'))).to.contain('не более 1:');
  });

  it('refuses the example package when it claims more than its activity supports, and accepts it as it is', () => {
    expect(validatePackage(miniCourse()).expectedTime.supportedHours).to.equal(2);
    const overclaimed = edit(miniCourse(), 'course.yaml', (t) => t.replace('academicHours: 2', 'academicHours: 3'));
    expect(refusal(overclaimed)).to.deep.equal([
      'course.yaml: /academicHours: academicHours is 3, but the content supports at most 2: the expected learner time is 85 min (reading 0 min at 150 words a minute, quizzes 15 min, activities 70 min), an academic hour is 45 min, and 10 % more is allowed. Lower academicHours or add content.',
    ]);
    const shorter = edit(miniCourse(), 'course.yaml', (t) => t.replace('minutes: 70', 'minutes: 30'));
    expect(refusal(shorter)[0]).to.match(/academicHours is 2, but the content supports at most 1:/);
  });

  it('does not judge hours while a quiz is missing: that problem is reported on its own', () => {
    const files = new Map(miniCourse());
    files.delete('modules/02-practice/quiz.json');
    expect(refusal(files)).to.deep.equal(['course.yaml: /modules/1: Module 2: the module has no quiz: modules/02-practice/quiz.yaml is missing']);
  });
});
