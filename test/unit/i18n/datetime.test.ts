// A catalog's `{{time, datetime(...)}}` (a quiz's deadline, a cooldown) is formatted in Almaty time
// in the request's language, by one formatter per language and format however many dates it is
// given: i18next's own built and kept a new formatter for every new date (server/i18n/index.ts).
import { expect } from 'chai';
import { translator } from '../../../server/i18n/index.ts';

describe('dates in catalog strings', () => {
  const at = new Date('2026-12-03T12:34:56Z'); // 17:34 in Almaty

  it('formats a deadline and a cooldown in Almaty time, in each language', () => {
    expect(translator('kk')('learning.quiz.deadline', { time: at })).to.equal('Жіберу мерзімі: 17:34');
    expect(translator('ru')('learning.quiz.deadline', { time: at })).to.equal('Отправьте до 17:34');
    expect(translator('en')('learning.quiz.deadline', { time: at })).to.match(/^Submit by 5:34\sPM$/);
    expect(translator('kk')('learning.errors.cooldown', { time: at })).to.include('2026').and.include('17:34');
    expect(translator('ru')('learning.errors.cooldown', { time: at })).to.include('дек').and.include('17:34');
  });

  it('builds no new formatter for each new date', () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    const Counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      built += 1;
      return new Original(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.DateTimeFormat = Counting;
    try {
      const t = translator('ru');
      const texts = new Set<string>();
      for (let minute = 0; minute < 60; minute += 1) texts.add(t('learning.quiz.deadline', { time: new Date(at.getTime() + minute * 60_000) }));
      expect(texts.size).to.equal(60);
      expect(built).to.be.at.most(1);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });
});
