import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { Types } from 'mongoose';
import { readdirSync } from 'node:fs';
import { AppError } from '../../../server/errors.ts';
import { params, type ParamKind } from '../../../server/http/params.ts';
import { courseParams } from '../../../server/courses/course.params.ts';
import { attemptParams } from '../../../server/learning/attempts/attempt.schema.ts';
import { certificateParams } from '../../../server/certificates/certificate.schema.ts';
import { userId } from '../../../server/accounts/user.schema.ts';
import { importBatchId } from '../../../server/accounts/import/import-row.schema.ts';
import { formatSerial, newCode } from '../../../server/certificates/code.ts';

// What no kind of id may be: operators, prototype keys, paths, control and non-Latin characters, huge values.
// (`constructor` is a good slug: as a value, never a key, it is only a word.)
const hostile = ['', '[$ne]', '{"$ne":null}', '$where', '__proto__', '..', '../etc', 'a/b', 'a\\b', 'a\u0000b', 'қазақ', 'cafe\u0301', '😀', ' ', 'x'.repeat(5000)];
const objectIds = { versionId: courseParams.versionId, fileId: courseParams.fileId, attemptId: attemptParams.attemptId, userId, importBatchId };

function refusalOf(kind: ParamKind): AppError {
  return kind.refusal();
}

/** Runs a params() middleware on given route values; returns what it passed to next(). */
function run(handler: ReturnType<typeof params>, values: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  const next: NextFunction = (err?: unknown) => void (passed = err);
  handler({ params: values } as unknown as Request<Record<string, string>>, {} as Response, next);
  return passed;
}

describe('route params (http/params.ts)', () => {
  it('accepts every id the app makes, in the shape it makes it', () => {
    const builtIn = readdirSync(new URL('../../../courses/', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(builtIn.length).to.be.greaterThan(3);
    for (const id of builtIn) expect(courseParams.courseId.accepts(id), id).to.equal(true);
    for (const id of ['01-basics', '02-signs', 'a']) for (const kind of [courseParams.moduleId, courseParams.lessonId, courseParams.activityId]) expect(kind.accepts(id), id).to.equal(true);
    for (const [name, kind] of Object.entries(objectIds)) expect(kind.accepts(new Types.ObjectId().toString()), name).to.equal(true);
    for (const n of ['1', '9', '10', '200', '999']) expect(attemptParams.n.accepts(n), n).to.equal(true);
    const code = newCode();
    expect(certificateParams.code.accepts(code)).to.equal(true);
    for (const typed of [code, code.toLowerCase(), `${code.slice(0, 5)}-${code.slice(5, 10)} ${code.slice(10)}`]) expect(certificateParams.typedCode.accepts(typed), typed).to.equal(true);
    for (const serial of [formatSerial(2026, 1), formatSerial(2026, 123_456_789)]) expect(certificateParams.serial.accepts(serial), serial).to.equal(true);
  });

  it('refuses operators, prototype keys, paths, unicode and very long values for every kind', () => {
    const kinds: Record<string, ParamKind> = { ...courseParams, ...attemptParams, ...certificateParams, userId, importBatchId };
    for (const [name, kind] of Object.entries(kinds)) {
      for (const value of hostile) expect(kind.accepts(value), `${name}: ${JSON.stringify(value.slice(0, 20))}`).to.equal(false);
      expect(kind.accepts(['a']), `${name}: an array`).to.equal(false);
      expect(kind.schema.maxLength, `${name} is bounded`).to.be.at.most(64);
    }
  });

  it('holds each kind to its own shape', () => {
    const hex = new Types.ObjectId().toString();
    for (const kind of Object.values(objectIds)) {
      for (const bad of [hex.toUpperCase(), hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, 'not-an-id']) expect(kind.accepts(bad), bad).to.equal(false);
    }
    for (const bad of ['ab', 'Course', 'a--b', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(65)]) expect(courseParams.courseId.accepts(bad), bad).to.equal(false);
    expect(courseParams.lessonId.accepts('a'.repeat(64))).to.equal(true);
    for (const bad of ['0', '01', '1000', '-1', '1.5', '1e2', ' 1']) expect(attemptParams.n.accepts(bad), bad).to.equal(false);
    for (const bad of ['QRG-2026-12345', 'QRG-2026-1234567890', 'qrg-2026-000001', 'QRG-26-000001']) expect(certificateParams.serial.accepts(bad), bad).to.equal(false);
    for (const bad of [newCode().toLowerCase(), 'A'.repeat(19), 'A'.repeat(21), 'ABCDEFGHIJKLMNOPQRS1']) expect(certificateParams.code.accepts(bad), bad).to.equal(false);
    expect(certificateParams.typedCode.accepts('not-a-code!')).to.equal(false);
  });

  it('refuses an address that names nothing with 404 and the kind\'s message; a typed code with 400', () => {
    for (const kind of [courseParams.courseId, courseParams.lessonId, courseParams.versionId, attemptParams.n, userId, importBatchId]) {
      expect(refusalOf(kind)).to.include({ status: 404, messageKey: 'errors.notFound' });
    }
    expect(refusalOf(attemptParams.attemptId)).to.include({ status: 404, messageKey: 'learning.errors.attemptNotFound' });
    expect(refusalOf(certificateParams.serial)).to.include({ status: 404, messageKey: 'certificates.errors.notFound' });
    expect(refusalOf(certificateParams.typedCode)).to.include({ status: 400, messageKey: 'certificates.verify.malformed' });
  });

  it('passes good params on, and refuses the first bad one in path order', () => {
    const lesson = params({ courseId: courseParams.courseId, moduleId: courseParams.moduleId, lessonId: courseParams.lessonId });
    expect(Object.keys(lesson.paramKinds)).to.deep.equal(['courseId', 'moduleId', 'lessonId']);
    expect(run(lesson, { courseId: 'bullying-prevention', moduleId: '01-basics', lessonId: '01-welcome' })).to.equal(undefined);
    const quiz = params({ attemptId: attemptParams.attemptId, n: attemptParams.n });
    expect(run(quiz, { attemptId: '[$ne]', n: '0' })).to.include({ status: 404, messageKey: 'learning.errors.attemptNotFound' });
    expect(run(quiz, { attemptId: new Types.ObjectId().toString(), n: '0' })).to.include({ status: 404, messageKey: 'errors.notFound' });
  });

  it('fails loudly (500) on a route param nobody declared, and on a declared one the path lacks', () => {
    const course = params({ courseId: courseParams.courseId });
    const undeclared = run(course, { courseId: 'bullying-prevention', versionId: new Types.ObjectId().toString() });
    expect(undeclared).to.be.instanceOf(Error).and.not.instanceOf(AppError);
    expect(String(undeclared)).to.contain(':versionId');
    expect(run(course, {})).to.include({ status: 404 });
  });

  it('lets a route show the refusal on its own page', () => {
    const shown: AppError[] = [];
    const verify = params({ code: certificateParams.typedCode }, { refuse: (_req, _res, err) => void shown.push(err) });
    expect(run(verify, { code: '__proto__' })).to.equal('not called');
    expect(shown[0]).to.include({ status: 400, messageKey: 'certificates.verify.malformed' });
    const throwing = params({ code: certificateParams.typedCode }, { refuse: (_req, _res, err) => { throw err; } });
    expect(run(throwing, { code: '..' })).to.include({ status: 400 });
  });
});
