import { expect } from 'chai';
import { check, compile } from '../../../server/http/validate.ts';
import { ValidationError } from '../../../server/errors.ts';
import { plainText } from '../../../server/accounts/user.schema.ts';

describe('validation messages', () => {
  const validate = compile<{ school?: string }>({ type: 'object', properties: { school: plainText } });
  const detail = (school: string) => {
    try {
      check(validate, { school });
    } catch (err) {
      expect(err).to.be.instanceOf(ValidationError);
      return (err as ValidationError).details[0];
    }
    return undefined;
  };

  it('tells a value too long its limit, and one with characters not allowed which rule it breaks', () => {
    // a school's full official name, one character past the limit (found importing one)
    expect(detail(`«${'Қ'.repeat(119)}»`)).to.deep.include({ field: 'school', message: 'validation.maxLength', params: { limit: 120 } });
    expect(detail('№ 15 <мектеп>')).to.deep.include({ field: 'school', message: 'accounts.validation.plainText' });
    expect(detail('№ 15 «Болашақ» мектеп-гимназиясы')).to.equal(undefined);
  });
});
