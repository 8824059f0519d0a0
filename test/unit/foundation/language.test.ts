// The request translator remembers the strings it has made (http/language.ts): a remembered string
// must be the one i18next would make for the same parameters, every time.
import { expect } from 'chai';
import { requestTranslator } from '../../../server/http/language.ts';
import { translator } from '../../../server/i18n/index.ts';

describe('request translator', () => {
  const t = requestTranslator('ru');
  const plain = translator('ru');

  it('gives each count its own string, the first time and when remembered', () => {
    for (let round = 0; round < 2; round++) {
      for (const count of [1, 2, 5, 21, 0]) expect(t('learning.catalogue.hours', { count })).to.equal(plain('learning.catalogue.hours', { count })).and.include(String(count));
    }
    expect(t('learning.catalogue.hours', { count: 1 })).to.not.equal(t('learning.catalogue.hours', { count: 5 }));
  });

  it('interpolates string parameters afresh on every call', () => {
    const a = t('learning.course.version', { version: '1.0.0' });
    const b = t('learning.course.version', { version: '2.{{x}}' });
    expect(a).to.include('1.0.0');
    expect(b).to.include('2.{{x}}');
    expect(t('learning.course.version', { version: '1.0.0' })).to.equal(a);
  });

  it('keeps a string without parameters as the catalog has it', () => {
    expect(t('app.name')).to.equal(plain('app.name'));
    expect(t('app.name', {})).to.equal(plain('app.name'));
  });

  it('puts each string parameter in place exactly as given, the first time and when remembered', () => {
    const key = 'accounts.mail.reset.body';
    for (const name of ['Әлия', 'Иван', '{{link}}', '$& $1 $$', '\uE0100\uE011', 'Айгүл']) {
      for (let round = 0; round < 2; round++) {
        const text = t(key, { name, link: 'https://example.kz/reset', hours: 2 });
        expect(text).to.equal(plain(key, { name, link: 'https://example.kz/reset', hours: 2 }));
        expect(text).to.include(`Здравствуйте, ${name}!`).and.include('https://example.kz/reset');
      }
    }
    // two string parameters trade places: each goes where its name says
    const swapped = t(key, { link: 'L', name: 'N', hours: 3 });
    expect(swapped).to.include('Здравствуйте, N!').and.include('\nL\n').and.include(' 3 ');
  });

  it('formats each time as its own string, the first time and when remembered, whether given as a date or a string', () => {
    const key = 'learning.quiz.deadline';
    for (let round = 0; round < 2; round++) {
      // Almaty is UTC+5
      expect(t(key, { time: new Date('2026-12-03T08:06:00Z') })).to.equal(plain(key, { time: new Date('2026-12-03T08:06:00Z') })).and.include('13:06');
      expect(t(key, { time: new Date('2026-12-03T09:41:00Z') })).to.include('14:41');
      for (const time of ['2026-12-03T08:06:00Z', '2026-12-03T09:41:00Z']) expect(t(key, { time })).to.equal(plain(key, { time }));
    }
    // more dates than are remembered: each still gets its own string, and the first ones again
    const first = new Date('2026-12-03T08:06:00Z').getTime();
    for (let minute = 0; minute < 6_000; minute += 1) expect(t(key, { time: new Date(first + minute * 60_000) })).to.equal(plain(key, { time: new Date(first + minute * 60_000) }));
    expect(t(key, { time: new Date(first) })).to.include('13:06');
  });
});
