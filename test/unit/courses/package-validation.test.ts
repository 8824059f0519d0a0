import { expect } from 'chai';
import { validatePackage, type ValidPackage } from '../../../server/courses/package/validate-package.ts';
import { formatProblem, PackageError } from '../../../server/courses/package/problems.ts';
import { edit, miniCourse } from '../../helpers/zip.ts';

function refusal(files: Map<string, Buffer>): string[] {
  try {
    validatePackage(files);
  } catch (err) {
    if (err instanceof PackageError) return err.problems.map((p) => formatProblem(p));
    throw err;
  }
  throw new Error('the package was accepted');
}

describe('validating a course package', () => {
  it('accepts the example package and returns its content', () => {
    const pkg: ValidPackage = validatePackage(miniCourse());
    expect(pkg.manifest.id).to.equal('mini-course');
    expect(pkg.modules.map((m) => m.id)).to.deep.equal(['01-basics', '02-practice']);
    expect(pkg.modules[0]!.lessons[1]!.markdown.kk).to.contain('images/algorithm.png');
    expect(pkg.modules[0]!.quiz.questions.map((q) => q.type)).to.deep.equal(['single', 'multiple', 'truefalse', 'ordering', 'matching']);
    expect(pkg.modules[1]!.required).to.equal(false);
    expect(pkg.modules[0]!.required).to.equal(true);
    expect(pkg.images).to.have.length(1);
    expect(pkg.images[0]!.contentType).to.equal('image/png');
  });

  it('fills the default review policy', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('  review: after-pass\n', ''));
    expect(validatePackage(files).modules[0]!.quiz.settings.review).to.equal('after-pass');
  });

  it('names a missing translation by file and pointer', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('  en: Mini course\n', ''));
    expect(refusal(files)).to.deep.equal(['course.yaml: /title/en: the en translation is missing']);
  });

  it('names a missing translation in a quiz explanation', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace(', en: First listen to the child. }', ' }'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/quiz.yaml: /questions/0/explanation/en: Module 1, question 1: the en translation is missing']);
  });

  it('refuses text in a language the course does not declare', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('languages: [kk, ru, en]', 'languages: [kk, ru]'));
    const problems = refusal(files);
    expect(problems).to.include('course.yaml: /title/en: has text in en, which is not in the course\'s languages');
    expect(problems).to.include('modules/01-basics/01-welcome.en.md: is not a lesson of course.yaml in one of the course\'s languages');
  });

  it('refuses a correct answer that is not one of the options', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('    correct: a\n', '    correct: z\n'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/quiz.yaml: /questions/0/correct: Module 1, question 1: the correct answer "z" is not one of the question\'s options']);
  });

  it('refuses a multiple-choice answer naming a missing option', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('correct: [a, b]', 'correct: [a, d]'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/quiz.yaml: /questions/1/correct/1: Module 1, question 2: the correct answer "d" is not one of the question\'s options']);
  });

  it('refuses repeated ids', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('  - id: q02\n', '  - id: q01\n'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/quiz.yaml: /questions/1/id: Module 1, question 2: the id "q01" is used more than once']);
  });

  it('names every wrong key of a quiz at once, beside what its schema refuses', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) =>
      t.replace('    correct: a\n', '    correct: z\n').replace('correct: [a, b]', 'correct: [a, d]').replace('draw: 4', 'draw: 9').replace(/correct: (true|false)\n/, 'correct: "yes"\n'),
    );
    const lines = refusal(files);
    expect(lines.some((l) => l.includes('/questions/2/correct'))).to.equal(true);
    expect(lines).to.include.members([
      'modules/01-basics/quiz.yaml: /questions/0/correct: Module 1, question 1: the correct answer "z" is not one of the question\'s options',
      'modules/01-basics/quiz.yaml: /questions/1/correct/1: Module 1, question 2: the correct answer "d" is not one of the question\'s options',
      'modules/01-basics/quiz.yaml: /settings/draw: Module 1: draws 9 questions but the bank has only 5',
    ]);
  });

  it('checks the quizzes when the manifest is refused, and names a repeated question id in a refused quiz', () => {
    const brokenManifest = edit(edit(miniCourse(), 'course.yaml', (t) => t.replace(/academicHours: \d+/, 'academicHours: four')), 'modules/01-basics/quiz.yaml', (t) => t.replace('    correct: a\n', '    correct: z\n'));
    const lines = refusal(brokenManifest);
    expect(lines.some((l) => l.startsWith('course.yaml: /academicHours'))).to.equal(true);
    expect(lines.some((l) => l.includes('/questions/0/correct') && l.includes('"z"'))).to.equal(true);
    const repeated = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace(/passMark: \d+/, 'passMark: eighty').replace('id: q02', 'id: q01'));
    expect(refusal(repeated).some((l) => l.includes('/questions/1/id'))).to.equal(true);
  });

  it('refuses script and file links, which the page would show as bare text, and an image without a text alternative', () => {
    const files = edit(miniCourse(), 'modules/01-basics/01-welcome.en.md', (t) => `${t}\n[js](javascript:alert(1)) [JS](JaVaScRiPt:x) [f](file:///etc/passwd) [vb](vbscript:x)\n\n![](images/algorithm.png)\n`);
    const lines = refusal(files).filter((l) => l.startsWith('modules/01-basics/01-welcome.en.md'));
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:x', 'file:///etc/passwd', 'vbscript:x']) expect(lines.some((l) => l.includes(`links to "${href}"`)), href).to.equal(true);
    expect(lines.some((l) => l.includes('without a text alternative'))).to.equal(true);
  });

  it('refuses a lesson heading with a single #, or one that skips a level', () => {
    const files = edit(miniCourse(), 'modules/01-basics/01-welcome.en.md', (t) => `${t}\n# A second title\n\n## A part\n\n#### Too deep\n`);
    const lines = refusal(files).filter((l) => l.startsWith('modules/01-basics/01-welcome.en.md'));
    expect(lines.some((l) => l.includes('single #'))).to.equal(true);
    expect(lines.some((l) => l.includes('level-4 heading') && l.includes('level 3 comes next'))).to.equal(true);
  });

  it('refuses drawing more questions than the bank holds', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('draw: 4', 'draw: 6'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/quiz.yaml: /settings/draw: Module 1: draws 6 questions but the bank has only 5']);
  });

  it('reports schema errors as file: /pointer: message', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) =>
      t.replace("      - { id: b, text: { kk: Ата-анасын шақырамын, ru: Вызову родителей, en: Call the parents } }\n", '').replace('passMark: 80', 'passMark: 180'),
    );
    expect(refusal(files)).to.deep.equal([
      'modules/01-basics/quiz.yaml: /settings/passMark: Module 1: must be at most 100',
      'modules/01-basics/quiz.yaml: /questions/0/options: Module 1, question 1: must have at least 2 items',
    ]);
  });

  it('names only the fields of the question\'s own type', () => {
    const files = edit(miniCourse(), 'modules/01-basics/quiz.yaml', (t) => t.replace('    type: truefalse\n', '    type: truefalse\n    options: []\n').replace('    type: single\n', '    type: essay\n'));
    expect(refusal(files)).to.deep.equal([
      'modules/01-basics/quiz.yaml: /questions/0/type: Module 1, question 1: must be one of: single, multiple, truefalse, ordering, matching',
      'modules/01-basics/quiz.yaml: /questions/2/options: Module 1, question 3: is not an allowed field',
    ]);
  });

  it('refuses unknown fields in the manifest', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('academicHours: 2', 'academicHours: 2\nauthor: me'));
    expect(refusal(files)).to.deep.equal(['course.yaml: /author: is not an allowed field']);
  });

  it('refuses a lesson whose file is missing in one language', () => {
    const files = miniCourse();
    files.delete('modules/02-practice/01-case.ru.md');
    expect(refusal(files)).to.deep.equal(['course.yaml: /modules/1/lessons/0: Module 2, lesson 1: the lesson file modules/02-practice/01-case.ru.md is missing']);
  });

  it('refuses a module without a quiz, and files of a module the manifest does not list', () => {
    const files = miniCourse();
    files.delete('modules/02-practice/quiz.json');
    files.set('modules/03-extra/01-x.kk.md', Buffer.from('x'));
    expect(refusal(files)).to.deep.equal([
      'course.yaml: /modules/1: Module 2: the module has no quiz: modules/02-practice/quiz.yaml is missing',
      'modules/03-extra/01-x.kk.md: belongs to the folder modules/03-extra, which course.yaml does not list',
    ]);
  });

  it('refuses an image that is not what its name says', () => {
    const files = miniCourse();
    files.set('modules/01-basics/images/algorithm.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    files.set('modules/01-basics/images/photo.jpg', miniCourse().get('modules/01-basics/images/algorithm.png')!);
    expect(refusal(files)).to.deep.equal([
      'modules/01-basics/images/algorithm.png: is not a PNG, JPEG or WebP image',
      'modules/01-basics/images/photo.jpg: is a PNG image with the wrong file extension',
    ]);
  });

  it('refuses a lesson that shows an image missing from the package', () => {
    const files = edit(miniCourse(), 'modules/01-basics/02-algorithm.en.md', (t) => t.replace('images/algorithm.png', 'images/missing.png'));
    expect(refusal(files)).to.deep.equal(['modules/01-basics/02-algorithm.en.md: Module 1, lesson 2: shows the image "images/missing.png" (line 3), which is not in the package\'s images folder']);
  });

  it('refuses raw HTML, script links and images from elsewhere in lessons', () => {
    const files = edit(miniCourse(), 'modules/01-basics/01-welcome.en.md', (t) =>
      `${t}\n<script>alert(1)</script>\n\n[click](vbscript:msgbox) and <b>bold</b>\n\n![x](https://evil.example/x.png)\n![y](../../../etc/passwd)\n`,
    );
    const problems = refusal(files);
    expect(problems).to.deep.equal([
      'modules/01-basics/01-welcome.en.md: Module 1, lesson 1: contains raw HTML (line 8); use Markdown only',
      // a script link is named (markdown-it would leave it as bare text without a word)
      'modules/01-basics/01-welcome.en.md: Module 1, lesson 1: links to "vbscript:msgbox" (line 10); only http, https and mailto links are allowed',
      // <b> and </b> on one line: the same problem, listed once
      'modules/01-basics/01-welcome.en.md: Module 1, lesson 1: contains raw HTML (line 10); use Markdown only',
      'modules/01-basics/01-welcome.en.md: Module 1, lesson 1: shows the image "https://evil.example/x.png" (line 12), which is not in the package\'s images folder',
      'modules/01-basics/01-welcome.en.md: Module 1, lesson 1: shows the image "../../../etc/passwd" (line 12), which is not in the package\'s images folder',
    ]);
  });

  it('refuses a reserved course id', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('id: mini-course', 'id: upload'));
    expect(refusal(files)).to.deep.equal(['course.yaml: /id: the id "upload" is reserved; choose another']);
  });

  it('refuses build metadata in the version, which cannot be ordered', () => {
    const files = edit(miniCourse(), 'course.yaml', (t) => t.replace('version: 1.0.0', 'version: 1.0.0+build.5'));
    expect(refusal(files)).to.deep.equal(['course.yaml: /version: must be a version such as 1.2.0 (or 1.3.0-rc.1)']);
  });
});
