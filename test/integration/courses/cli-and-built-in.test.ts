import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { databaseUri, runDatabaseName, testDatabase } from '../../helpers/database.ts';
import { courseId, coursePackage } from '../../helpers/packages.ts';
import { edit, miniCourseDir, zipOf } from '../../helpers/zip.ts';
import { createLogger } from '../../../server/logger.ts';
import { importBuiltInCourses } from '../../../server/courses/built-in.ts';
import { courseServices } from '../../../server/courses/courses.ts';
import { courseRepository } from '../../../server/courses/course.repository.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';

function qorgau(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/qorgau.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writePackage(dir: string, files: Map<string, Buffer>): string {
  for (const [name, data] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

describe('qorgau courses validate and import', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'qorgau-cli-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('validates a good folder and exits 0, with its hours, item statistics and warnings', async () => {
    const result = await qorgau(['courses', 'validate', miniCourseDir]);
    expect(result.code).to.equal(0);
    const [first, hours, items, ...warnings] = result.stdout.trimEnd().split('\n');
    expect(first).to.match(/^valid: mini-course 1\.0\.0: 2 modules, 3 lessons, 6 questions, 1 activities, 1 images; sha256 [0-9a-f]{64}$/);
    expect(hours).to.equal('hours: 2 declared, at most 2 supported by 85 min of expected learner time (reading 0, quizzes 15, activities 70)');
    expect(items).to.equal('items: correct option strictly the longest in kk 0/1, ru 0/1, en 1/1 single-choice questions');
    expect(warnings).to.have.length(3);
    for (const w of warnings) expect(w).to.match(/^warning: /);
  });

  it('lists every problem of a bad zip as file: /pointer: message and exits 1', async () => {
    const files = edit(coursePackage('cli-bad'), 'course.yaml', (t) => t.replace('  en: Mini course\n', ''));
    edit(files, 'modules/01-basics/quiz.yaml', (t) => t.replace('draw: 4', 'draw: 9'));
    const zip = path.join(work, 'bad.zip');
    writeFileSync(zip, zipOf(files));
    const result = await qorgau(['courses', 'validate', zip]);
    expect(result.code).to.equal(1);
    expect(result.stderr.trim().split('\n')).to.deep.equal([
      'course.yaml: /title/en: the en translation is missing',
      'modules/01-basics/quiz.yaml: /settings/draw: Module 1: draws 9 questions but the bank has only 5',
      '2 problem(s); the package was not accepted.',
    ]);
  });

  it('exits 1 for a path that does not exist', async () => {
    const result = await qorgau(['courses', 'validate', path.join(work, 'nowhere')]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('does not exist');
  });

  it('imports a package into the database, and again changes nothing', async () => {
    const id = courseId('cli');
    const dir = writePackage(path.join(work, id), coursePackage(id));
    const env = { MONGODB_URI: `${(await databaseUri()).replace(/\/$/, '')}/${runDatabaseName}` };
    const first = await qorgau(['courses', 'import', dir, '--publish'], env);
    expect(first.stderr).to.equal('');
    expect(first.code).to.equal(0);
    expect(first.stdout).to.contain(`stored as a draft: ${id} 1.0.0`);
    expect(first.stdout).to.contain(`published ${id} 1.0.0`);
    const again = await qorgau(['courses', 'import', dir], env);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.contain('unchanged, already stored');
    const db = await testDatabase();
    expect((await courseServices(db).catalog.publishedVersionOf(id))?.version).to.equal('1.0.0');
  });
});

describe('importing the built-in courses at start', () => {
  let db: Connection;
  let dir: string;
  const logger = createLogger('silent');
  before(async () => {
    db = await testDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'qorgau-built-in-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports and publishes good packages, skips a bad one, and changes nothing the second time', async () => {
    const id = courseId('builtin');
    writePackage(path.join(dir, id), coursePackage(id));
    writePackage(path.join(dir, 'broken'), edit(coursePackage(courseId('broken')), 'course.yaml', (t) => t.replace('version: 1.0.0', 'version: one')));
    writeFileSync(path.join(dir, 'glossary.yaml'), 'not: a package\n');
    const first = await importBuiltInCourses(db, logger, dir);
    expect(first.map((o) => `${o.folder}:${o.result}`).sort()).to.deep.equal(['broken:refused', `${id}:imported`]);
    const { catalog } = courseServices(db);
    const courses = courseRepository(db);
    const published = await catalog.publishedVersionOf(id);
    expect(published?.version).to.equal('1.0.0');
    const stored = await courses.findVersion(published!.versionId);
    expect(stored?.source).to.equal('built-in');
    const before = await db.collection('course_versions').countDocuments();
    const second = await importBuiltInCourses(db, logger, dir);
    expect(second.find((o) => o.folder === id)?.result).to.equal('unchanged');
    expect(await db.collection('course_versions').countDocuments()).to.equal(before);
  });

  it('imports a newer built-in version and retires the old one, but keeps a newer stored version', async () => {
    const id = courseId('newer');
    const folder = path.join(dir, id);
    writePackage(folder, coursePackage(id, '1.0.0'));
    await importBuiltInCourses(db, logger, dir);
    const oldId = (await courseServices(db).catalog.publishedVersionOf(id))!.versionId;
    writePackage(folder, coursePackage(id, '1.1.0'));
    const outcomes = await importBuiltInCourses(db, logger, dir);
    expect(outcomes.find((o) => o.folder === id)).to.include({ result: 'imported', version: '1.1.0' });
    const { catalog, importer } = courseServices(db);
    expect((await catalog.publishedVersionOf(id))?.version).to.equal('1.1.0');
    expect((await catalog.version(oldId))?.status).to.equal('retired');
    // a coordinator uploads 2.0.0; the built-in 1.1.0 must not replace it
    await importer.importPackage(validatePackage(coursePackage(id, '2.0.0')), { source: 'upload', person: { id: 'c', name: 'Coordinator' } });
    writePackage(folder, edit(coursePackage(id, '1.2.0'), 'modules/02-practice/01-case.en.md', (t) => `${t}\nChanged.\n`));
    const kept = await importBuiltInCourses(db, logger, dir);
    expect(kept.find((o) => o.folder === id)?.result).to.equal('kept-stored');
    expect((await catalog.publishedVersionOf(id))?.version).to.equal('1.1.0');
  });
});
