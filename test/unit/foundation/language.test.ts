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
});
