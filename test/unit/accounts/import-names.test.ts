// The names people give a teacher list's columns and regions: `e-mail` for email, `Павлодар`
// for Pavlodar region; a short name two regions share (`Алматы`, a city and a region) stays refused.
import { expect } from 'chai';
import { mapColumns } from '../../../server/accounts/import/import-rows.ts';
import { findRegion } from '../../../server/accounts/regions.ts';
import type { ValidationError } from '../../../server/errors.ts';

describe('names in a teacher list', () => {
  it('takes the usual other names of its columns', () => {
    expect(mapColumns(['IIN', 'E-mail', 'Last name', 'First name', 'Region'])).to.deep.equal(['iin', 'email', 'surname', 'given_name', 'region']);
  });

  it('takes the headers of a Kazakh or a Russian spreadsheet', () => {
    expect(mapColumns(['ЖСН', 'Электрондық пошта', 'Тегі', 'Аты', 'Облыс'])).to.deep.equal(['iin', 'email', 'surname', 'given_name', 'region']);
    expect(mapColumns(['ИИН', 'Е-mail', 'Фамилия', 'Имя', 'Отчество', 'Область', 'Школа'])).to.deep.equal(['iin', 'email', 'surname', 'given_name', 'patronymic', 'region', 'school']);
  });

  it('says every header problem at once: unknown, repeated and missing columns', () => {
    const refused = (() => {
      try {
        mapColumns(['iin', 'email', 'email', 'surname', 'foo']);
      } catch (err) {
        return err as ValidationError;
      }
      throw new Error('accepted');
    })();
    expect(refused.details.map((d) => d.message)).to.deep.equal(['import.errors.unknownColumns', 'import.errors.repeatedColumns', 'import.errors.missingColumns']);
  });

  it('finds a region by its name without the word for region, when only one region has it', () => {
    expect(findRegion('Павлодар')?.code).to.equal('pavlodar');
    expect(findRegion('Pavlodar')?.code).to.equal('pavlodar');
    expect(findRegion('Шығыс Қазақстан')?.code).to.equal('east-kazakhstan');
    expect(findRegion('Павлодар облысы')?.code).to.equal('pavlodar');
    expect(findRegion('Алматы'), 'a city and a region').to.equal(undefined);
    expect(findRegion('Атлантида')).to.equal(undefined);
  });
});
