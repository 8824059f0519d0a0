import { expect } from 'chai';
import { formatProblem, PackageError } from '../../../server/courses/package/problems.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { edit, miniCourse } from '../../helpers/zip.ts';

const template = 'modules/02-practice/activities/record-of-concern';

function refusal(files: Map<string, Buffer>): string[] {
  try {
    validatePackage(files);
  } catch (err) {
    if (err instanceof PackageError) return err.problems.map((p) => formatProblem(p));
    throw err;
  }
  throw new Error('the package was accepted');
}

describe('activities and content notes in a package', () => {
  it('reads each activity with its template in every language', () => {
    const practice = validatePackage(miniCourse()).modules[1]!;
    expect(practice.activities).to.have.length(1);
    const activity = practice.activities[0]!;
    expect(activity).to.include({ id: 'record-of-concern', minutes: 70 });
    expect(activity.title.en).to.equal('Record of concern');
    expect(Object.keys(activity.markdown)).to.deep.equal(['kk', 'ru', 'en']);
    expect(activity.markdown.kk).to.contain('Алаңдаушылықты тіркеу парағы');
  });

  it('refuses an orphan template by name, as it refuses a stray lesson', () => {
    const files = new Map(miniCourse());
    files.set('modules/02-practice/activities/letter-to-parents.en.md', Buffer.from('Dear parents,\n'));
    files.set('modules/01-basics/activities/record-of-concern.kk.md', Buffer.from('Күні: ______\n'));
    expect(refusal(files)).to.deep.equal([
      "modules/02-practice/activities/letter-to-parents.en.md: is not an activity template of course.yaml in one of the course's languages",
      "modules/01-basics/activities/record-of-concern.kk.md: is not an activity template of course.yaml in one of the course's languages",
    ]);
  });

  it('names a missing template by file and language', () => {
    const files = new Map(miniCourse());
    files.delete(`${template}.ru.md`);
    expect(refusal(files)).to.deep.equal([`course.yaml: /modules/1/activities/0: Module 2, activity 1: the activity template ${template}.ru.md is missing`]);
  });

  it('refuses raw HTML and any image in a template, even one from the package', () => {
    let files = edit(miniCourse(), `${template}.en.md`, (t) => `${t}\n<br>\n`);
    expect(refusal(files)).to.deep.equal([`${template}.en.md: Module 2, activity 1: contains raw HTML (line 19); use Markdown only`]);
    files = edit(miniCourse(), `${template}.kk.md`, (t) => `![Алгоритм](../images/algorithm.png)\n\n${t}`);
    expect(refusal(files)).to.deep.equal([`${template}.kk.md: Module 2, activity 1: shows an image (line 1); an activity template is printed, so it may not show images`]);
    files = edit(miniCourse(), `${template}.ru.md`, (t) => `![x](https://example.org/x.png)\n\n${t}`);
    expect(refusal(files)).to.deep.equal([`${template}.ru.md: Module 2, activity 1: shows an image (line 1); an activity template is printed, so it may not show images`]);
  });

  it('wants a slug for an activity id', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('id: record-of-concern', 'id: Record_Of_Concern'));
    expect(refusal(files)).to.deep.equal(['course.yaml: /modules/1/activities/0/id: Module 2, activity 1: must be lowercase Latin letters and digits in parts joined by single hyphens, such as 01-signs or early-detection']);
  });

  it('refuses an activity id used twice in the course, and a template below 5 minutes or without a title', () => {
    const second = '    activities:\n      - id: record-of-concern\n        title: { kk: Парақ, ru: Лист, en: Sheet }\n        minutes: 30\n';
    let files = edit(miniCourse(), 'course.yaml', (t) => t.replace('  - id: 02-practice\n', `${second}  - id: 02-practice\n`));
    for (const lang of ['kk', 'ru', 'en']) files.set(`modules/01-basics/activities/record-of-concern.${lang}.md`, Buffer.from('Күні: ______\n'));
    expect(refusal(files)).to.include('course.yaml: /modules/1/activities/0/id: Module 2, activity 1: the id "record-of-concern" is used more than once');
    files = edit(miniCourse(), 'course.yaml', (t) => t.replace('minutes: 70', 'minutes: 4').replace('          en: Record of concern\n', ''));
    expect(refusal(files)).to.deep.equal(['course.yaml: /modules/1/activities/0/minutes: Module 2, activity 1: must be at least 5']);
  });

  it('takes a content note from the two the site knows', () => {
    let files = edit(miniCourse(), 'course.yaml', (t) => t.replace('        minSeconds: 60\n', '        minSeconds: 60\n        contentNote: sexual-violence\n'));
    expect(validatePackage(files).modules[0]!.lessons[0]!.contentNote).to.equal('sexual-violence');
    expect(validatePackage(miniCourse()).modules[0]!.lessons[0]!.contentNote).to.equal(undefined);
    files = edit(miniCourse(), 'course.yaml', (t) => t.replace('        minSeconds: 60\n', '        minSeconds: 60\n        contentNote: violence\n'));
    expect(refusal(files)).to.deep.equal(['course.yaml: /modules/0/lessons/0/contentNote: Module 1, lesson 1: must be one of: sexual-violence, self-harm']);
  });
});
