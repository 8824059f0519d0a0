import { expect } from 'chai';
import { translator } from '../../../server/i18n/index.ts';
import { describePlace, packageNumbers, placeOf } from '../../../server/courses/package/problem-place.ts';
import { formatProblem, problem } from '../../../server/courses/package/problems.ts';

const manifest = {
  modules: [
    { id: '01-signs', lessons: [{ id: '01-a' }, { id: '02-b' }, { id: '03-c' }], activities: [{ id: 'sheet' }] },
    { id: '02-help', lessons: [{ id: '01-x' }] },
  ],
};
const numbers = packageNumbers(manifest);

describe('where a package problem is, counted from 1', () => {
  it('reads modules, lessons and activities from the manifest pointer', () => {
    expect(placeOf({ file: 'course.yaml', pointer: '/modules/0/lessons/2/title/kk' })).to.deep.equal({ module: 1, lesson: 3 });
    expect(placeOf({ file: 'course.json', pointer: '/modules/1/activities/0' })).to.deep.equal({ module: 2, activity: 1 });
    expect(placeOf({ file: 'course.yaml', pointer: '/title/kk' })).to.deep.equal({});
  });

  it('numbers a module file by the manifest order, and questions and options by the pointer', () => {
    expect(placeOf({ file: 'modules/01-signs/quiz.yaml', pointer: '/questions/4/options/1' }, numbers)).to.deep.equal({ module: 1, question: 5, option: 2 });
    expect(placeOf({ file: 'modules/01-signs/03-c.ru.md', pointer: '' }, numbers)).to.deep.equal({ module: 1, lesson: 3 });
    expect(placeOf({ file: 'modules/01-signs/activities/sheet.kk.md', pointer: '' }, numbers)).to.deep.equal({ module: 1, activity: 1 });
    expect(placeOf({ file: 'modules/02-help/quiz.json', pointer: '/questions/0' })).to.deep.equal({ question: 1 });
  });

  it('says "module 1, lesson 3" in kk, ru and en', () => {
    const place = { module: 1, lesson: 3 };
    expect(describePlace(place, translator('kk'))).to.equal('1-модуль, 3-сабақ');
    expect(describePlace(place, translator('ru'))).to.equal('Модуль 1, урок 3');
    expect(describePlace(place, translator('en'))).to.equal('Module 1, lesson 3');
    expect(describePlace({}, translator('en'))).to.equal('');
  });

  it('keeps the 0-based pointer and puts the place before the message', () => {
    const p = problem('course.yaml', '/modules/0/lessons/2/title/kk', 'missingTranslation', { lang: 'kk' });
    expect(formatProblem(p)).to.equal('course.yaml: /modules/0/lessons/2/title/kk: Module 1, lesson 3: the kk translation is missing');
  });
});
