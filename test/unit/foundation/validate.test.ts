import { expect } from 'chai';
import { check, compile } from '../../../server/http/validate.ts';
import { ValidationError } from '../../../server/errors.ts';
import { plainText } from '../../../server/accounts/user.schema.ts';
import { formErrors } from '../../../server/http/forms.ts';
import { translator } from '../../../server/i18n/index.ts';

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

describe('form errors from a refused body', () => {
  const schema = compile<{ name?: string }>({ type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false });
  const refusal = (body: unknown): ValidationError => {
    try {
      check(schema, body);
    } catch (err) {
      return err as ValidationError;
    }
    throw new Error('accepted');
  };

  it('names a field the form does not have, and takes no label from the prototype (`__proto__`)', () => {
    const t = translator('en');
    const body = JSON.parse('{"__proto__": {"x": 1}, "foo": "1"}') as unknown;
    const { errors } = formErrors(t, refusal(body), { name: 'accounts.fields.surname' });
    expect(errors.map((e) => e.message)).to.deep.equal(['«__proto__» is not a field of this form', '«foo» is not a field of this form']);
    expect(errors.map((e) => e.label)).to.deep.equal([undefined, undefined]);
  });
});
