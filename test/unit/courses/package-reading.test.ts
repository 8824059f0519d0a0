import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readZip } from '../../../server/courses/package/read-zip.ts';
import { readFolder } from '../../../server/courses/package/read-folder.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { formatProblem, PackageError } from '../../../server/courses/package/problems.ts';
import { buildZip, miniCourse, miniCourseDir, zipOf } from '../../helpers/zip.ts';

/** The English problem lines a refused package gets, as the CLI prints them. */
async function refusal(work: Promise<unknown>): Promise<string[]> {
  try {
    await work;
  } catch (err) {
    if (err instanceof PackageError) return err.problems.map((p) => formatProblem(p));
    throw err;
  }
  throw new Error('the package was accepted');
}

const tinyPng = miniCourse().get('modules/01-basics/images/algorithm.png')!;

describe('reading a course package', () => {
  it('reads the example package from its folder', async () => {
    const files = await readFolder(miniCourseDir);
    expect([...files.keys()]).to.include.members(['course.yaml', 'modules/01-basics/quiz.yaml', 'modules/02-practice/quiz.json', 'modules/01-basics/images/algorithm.png']);
  });

  it('gives a folder, a zip and a zip with a top-level folder the same content hash', async () => {
    const fromFolder = validatePackage(await readFolder(miniCourseDir));
    const fromZip = validatePackage(await readZip(zipOf(miniCourse())));
    const fromNested = validatePackage(await readZip(zipOf(miniCourse(), 'mini-course')));
    expect(fromZip.contentHash).to.equal(fromFolder.contentHash);
    expect(fromNested.contentHash).to.equal(fromFolder.contentHash);
    expect(fromFolder.contentHash).to.match(/^[0-9a-f]{64}$/);
  });

  it('reads a course a folder too deep, and says so first when other files sit beside its folder', async () => {
    const deep = validatePackage(await readZip(zipOf(miniCourse(), 'курстар/mini-course')));
    expect(deep.contentHash).to.equal(validatePackage(await readFolder(miniCourseDir)).contentHash);
    const files = [...miniCourse()].map(([name, data]) => ({ name: `курстар/mini-course/${name}`, data }));
    const lines = await refusal(readZip(buildZip([...files, { name: 'курстар/оқу.txt', data: Buffer.from('x') }])).then(validatePackage));
    expect(lines[0]).to.equal("(package): course.yaml is at курстар/mini-course/course.yaml, a folder too deep: put the course's folder (or its contents) at the top of the zip, without the folders around it");
    // the course's own files are not each refused; only the stray file is
    expect(lines.filter((l) => l.includes('is not part of the package format'))).to.deep.equal([`курстар/оқу.txt: is not part of the package format (only course.yaml, modules/<module>/quiz.yaml, lesson .md files, images in modules/<module>/images/ and templates in modules/<module>/activities/ are allowed)`]);
  });

  it('skips macOS clutter and hidden files without changing the hash', async () => {
    const files = miniCourse();
    files.set('__MACOSX/._course.yaml', Buffer.from('junk'));
    files.set('.DS_Store', Buffer.from('junk'));
    const pkg = validatePackage(await readZip(zipOf(files)));
    expect(pkg.contentHash).to.equal(validatePackage(await readFolder(miniCourseDir)).contentHash);
  });

  for (const [name, expected] of [
    ['../../x', '../../x: contains ".."; paths must stay inside the package folder'],
    ['/etc/x', '/etc/x: is an absolute path; paths must be relative to the package folder'],
    ['..\\x', '..\\x: contains a backslash; use forward slashes in paths'],
    ['C:/x', 'C:/x: is an absolute path; paths must be relative to the package folder'],
  ] as const) {
    it(`refuses the zip-slip entry ${name}`, async () => {
      const zip = buildZip([...miniCourse()].map(([n, data]) => ({ name: n, data })).concat({ name, data: Buffer.from('x') }));
      expect(await refusal(readZip(zip))).to.deep.equal([expected]);
    });
  }

  it('refuses a symlink entry', async () => {
    const zip = buildZip([{ name: 'course.yaml', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]);
    expect(await refusal(readZip(zip))).to.deep.include('course.yaml: is a symbolic link; links are not allowed in a package');
  });

  it('refuses a zip bomb by its compression ratio, before inflating it', async () => {
    const bomb = Buffer.alloc(20 * 1024 * 1024);
    const zip = buildZip([{ name: 'modules/01-basics/images/bomb.png', data: bomb }]);
    expect(zip.length).to.be.below(100 * 1024);
    const [line] = await refusal(readZip(zip));
    expect(line).to.match(/^modules\/01-basics\/images\/bomb\.png: is compressed \d+ times; at most 100 times is allowed/);
  });

  it('refuses more than 2,000 entries before reading any of them', async () => {
    const zip = buildZip(Array.from({ length: 2001 }, (_, i) => ({ name: `modules/m/${i}.kk.md`, data: Buffer.from('x'), method: 0 as const })));
    expect(await refusal(readZip(zip))).to.deep.equal(['(package): the archive has 2001 entries; at most 2000 are allowed']);
  });

  it('refuses a package that declares more than 200 MB in all', async () => {
    // Each entry claims 9 MB from 100 KB of incompressible bytes: a ratio under 100, 225 MB in all.
    const entries = Array.from({ length: 25 }, (_, i) => ({ name: `modules/m/images/i${i}.png`, data: randomBytes(100_000), declaredSize: 9 * 1024 * 1024 }));
    const problems = await refusal(readZip(buildZip(entries)));
    expect(problems).to.include('(package): the package would unpack to more than 200 MB');
  });

  it('refuses an entry whose real size differs from its declared size', async () => {
    const files = miniCourse();
    const entries = [...files].map(([name, data]) => ({ name, data, ...(name === 'course.yaml' ? { declaredSize: data.length - 10 } : {}) }));
    expect(await refusal(readZip(buildZip(entries)))).to.deep.equal([
      'course.yaml: its real size differs from the size the archive declares; the archive is damaged or forged',
    ]);
  });

  it('refuses a stored entry whose sizes disagree', async () => {
    const zip = buildZip([{ name: 'course.yaml', data: Buffer.from('id: x\n'), method: 0, declaredSize: 3 }]);
    const [line] = await refusal(readZip(zip));
    expect(line).to.match(/its real size differs|damaged/);
  });

  it('names a PNG renamed to .zip for what it is', async () => {
    expect(await refusal(readZip(tinyPng))).to.deep.equal([
      '(package): is a PNG file renamed to .zip, not a .zip archive. Pack the course folder as a .zip and upload that.',
    ]);
  });

  it('refuses text that is not a zip at all', async () => {
    expect(await refusal(readZip(Buffer.from('hello')))).to.deep.equal(['(package): is not a .zip archive. Pack the course folder as a .zip and upload that.']);
  });

  it('refuses a truncated zip as damaged', async () => {
    const zip = zipOf(miniCourse());
    expect(await refusal(readZip(zip.subarray(0, zip.length - 30)))).to.deep.equal(['(package): the .zip archive is damaged and cannot be read']);
  });

  it('refuses files the format does not know, such as scripts and SVG', async () => {
    const files = miniCourse();
    files.set('modules/01-basics/images/logo.svg', Buffer.from('<svg onload="alert(1)"/>'));
    files.set('run.js', Buffer.from('alert(1)'));
    // a stray file refuses the package, but the rest is still checked in the same pass
    const problems = await refusal(readZip(zipOf(files)).then(validatePackage));
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^modules\/01-basics\/images\/logo\.svg: is not part of the package format/);
    expect(problems[1]).to.match(/^run\.js: is not part of the package format/);
  });

  it('refuses an archive without a manifest', async () => {
    const files = miniCourse();
    files.delete('course.yaml');
    expect(await refusal(readZip(zipOf(files)).then(validatePackage))).to.include('(package): there is no course.yaml (or course.json) at the top of the package');
  });
});
