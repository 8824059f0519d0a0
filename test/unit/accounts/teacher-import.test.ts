import { expect } from 'chai';
import { Types } from 'mongoose';
import type { ValidationError } from '../../../server/errors.ts';
import { iinCheckDigit } from '../../../server/accounts/iin.ts';
import { IMPORT_MAX_ROWS, readTable, type Table } from '../../../server/accounts/import/import-file.ts';
import { checkRows } from '../../../server/accounts/import/import-rows.ts';
import { planImport, type ExistingUser } from '../../../server/accounts/import/import-plan.ts';
import { csvTemplate } from '../../../server/accounts/import/import-template.ts';
import { importHeader, refusal, teacherLines, toCsv, toXlsx } from '../../helpers/import-files.ts';
import { makeIin } from '../../helpers/users.ts';
import { buildZip } from '../../helpers/zip.ts';


function table(rows: string[][], header = importHeader): Table {
  return { fileType: 'csv', header: [...header], rows: rows.map((cells, i) => ({ number: i + 2, cells })) };
}

function cells(overrides: Record<string, string> = {}): string[] {
  const line = { ...teacherLines(1)[0]!, ...overrides } as Record<string, string>;
  return importHeader.map((h) => line[h] ?? '');
}

describe('reading an uploaded teacher list', () => {
  it('reads UTF-8 CSV with a byte-order mark and Kazakh letters', async () => {
    const t = await readTable(Buffer.from(toCsv(teacherLines(3)), 'utf8'));
    expect(t.fileType).to.equal('csv');
    expect(t.header).to.deep.equal(importHeader);
    expect(t.rows).to.have.length(3);
    expect(t.rows[0]!.number).to.equal(2);
    expect(t.rows[0]!.cells[2]).to.equal('Сәрсенбаева');
  });

  it('reads the semicolons Excel writes in a Kazakh or Russian locale, and quoted line breaks', async () => {
    const text = 'iin;email;surname;given_name;region;school\r\n1;a@b.kz;Әлиев;Ерлан;astana;"№ 5; ""Зерде""\nмектебі"\r\n';
    const t = await readTable(Buffer.from(text));
    expect(t.header).to.have.length(6);
    expect(t.rows[0]!.cells[5]).to.equal('№ 5; "Зерде"\nмектебі');
  });

  it('refuses text that is not UTF-8, binary files, empty files and files without rows', async () => {
    expect(await refusal(Buffer.from([0x69, 0x69, 0x6e, 0x0a, 0xc0, 0xcf, 0xe5]))).to.equal('import.errors.encoding');
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).to.equal('import.errors.fileType');
    expect(await refusal(Buffer.alloc(0))).to.equal('import.errors.empty');
    expect(await refusal(Buffer.from('\uFEFF\r\n\r\n'))).to.equal('import.errors.empty');
    expect(await refusal(Buffer.from(`${importHeader.join(',')}\r\n`))).to.equal('import.errors.noRows');
    expect(await refusal(Buffer.from('iin,email\r\n"123,a@b.kz\r\n'))).to.equal('import.errors.csv');
  });

  it(`refuses more than ${IMPORT_MAX_ROWS} rows`, async () => {
    const text = `iin\n${'1\n'.repeat(IMPORT_MAX_ROWS + 1)}`;
    expect(await refusal(Buffer.from(text))).to.equal('import.errors.tooManyRows');
  });

  it('reads an XLSX workbook by its content, whatever the file is called, and refuses a broken one', async () => {
    const t = await readTable(await toXlsx(teacherLines(2), { iinAsNumber: true }));
    expect(t.fileType).to.equal('xlsx');
    expect(t.rows).to.have.length(2);
    expect(t.rows[0]!.numeric?.[0]).to.equal(true);
    expect(await refusal(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]))).to.equal('import.errors.xlsx');
  });

  it('refuses a zip that unpacks into hundreds of megabytes, or lies about its sizes, before reading it as a workbook', async () => {
    const bomb = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024), declaredSize: 300 * 1024 * 1024 }]);
    expect(await refusal(bomb)).to.equal('import.errors.xlsxTooBig');
    const liar = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024), declaredSize: 100 }]);
    expect(await refusal(liar)).to.equal('import.errors.xlsx');
  });

  it('refuses a small workbook padded with megabytes of whitespace by its compression ratio (L9)', async () => {
    const padded = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    expect(padded.length).to.be.below(200 * 1024);
    expect(await refusal(padded)).to.equal('import.errors.xlsxTooBig');
  });

  it('offers a CSV template with a byte-order mark and exactly the columns it reads', async () => {
    const t = await readTable(Buffer.concat([csvTemplate(), Buffer.from(cells().join(','))]));
    expect(t.header).to.deep.equal(importHeader);
  });
});

describe('checking the rows of a teacher list', () => {
  it('accepts region codes and names in kk, ru and en, trims cells and lowercases emails', async () => {
    const rows = ['Павлодар облысы', 'Павлодарская область', 'pavlodar region', 'PAVLODAR'].map((region) => cells({ region, email: ` A${makeIin()}@Mektep.KZ `, surname: '  Сәрсенбаева ' }));
    const checked = await checkRows(table(rows), null);
    expect(checked.problems).to.deep.equal([]);
    expect(checked.rows.map((r) => r.region)).to.deep.equal(['pavlodar', 'pavlodar', 'pavlodar', 'pavlodar']);
    expect(checked.rows[0]!.surname).to.equal('Сәрсенбаева');
    expect(checked.rows[0]!.email).to.match(/^a\d{12}@mektep\.kz$/);
  });

  it('applies the registration rules and names the row and the column of each problem', async () => {
    const good = cells();
    const iin = good[0]!;
    const rows = [
      cells({ iin: `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}` }),
      cells({ iin: '１２３４５６７８９０１２' }),
      cells({ iin: '12345678901a' }),
      cells({ given_name: '<b>Айгүл</b>' }),
      cells({ surname: 'Ива\u202eнов' }),
      cells({ school: 'мектеп\u0007' }),
      cells({ email: 'not-an-email' }),
      cells({ region: 'Атлантида' }),
      cells({ lang: 'de' }),
      cells({ surname: 'А'.repeat(61) }),
    ];
    const checked = await checkRows(table(rows), null);
    expect(checked.rows).to.deep.equal([]);
    expect(checked.invalid).to.equal(10);
    expect(checked.problems.map((p) => [p.row, p.field, p.message])).to.deep.equal([
      [2, 'iin', 'accounts.iin.checksum'],
      [3, 'iin', 'accounts.validation.iinFormat'],
      [4, 'iin', 'accounts.validation.iinFormat'],
      [5, 'givenName', 'accounts.validation.name'],
      [6, 'surname', 'accounts.validation.name'],
      [7, 'school', 'accounts.validation.plainText'],
      [8, 'email', 'accounts.validation.email'],
      [9, 'region', 'accounts.validation.region'],
      [10, 'lang', 'import.validation.lang'],
      [11, 'surname', 'validation.maxLength'],
    ]);
  });

  it('refuses every row of a person listed twice, by IIN or by email', async () => {
    const a = cells();
    const b = cells({ iin: a[0]! });
    const c = cells({ email: a[1]! });
    const checked = await checkRows(table([a, b, c, cells()]), null);
    expect(checked.rows.map((r) => r.row)).to.deep.equal([5]);
    expect(checked.problems.filter((p) => p.message === 'import.errors.duplicateIin').map((p) => p.row)).to.deep.equal([2, 3]);
    expect(checked.problems.filter((p) => p.message === 'import.errors.duplicateEmail').map((p) => p.row)).to.deep.equal([2, 4]);
  });

  it('refuses a regional admin the rows of other regions', async () => {
    const checked = await checkRows(table([cells({ region: 'Шымкент қаласы' }), cells({ region: 'astana' })]), 'shymkent');
    expect(checked.rows.map((r) => r.region)).to.deep.equal(['shymkent']);
    expect(checked.problems).to.deep.equal([{ row: 3, field: 'region', message: 'import.errors.regionOutsideScope', name: checked.problems[0]?.name, email: checked.problems[0]?.email }]);
    expect(checked.problems[0]?.name, 'the row names its person, from the file').to.be.a('string').and.not.equal('');
  });

  it('refuses a file whose header lacks a required column, names an unknown one, or repeats one', async () => {
    const key = (header: string[]) =>
      checkRows(table([], header), null).then(
        () => 'accepted',
        (err: unknown) => (err as ValidationError).messageKey,
      );
    expect(await key(['iin', 'email', 'surname', 'given_name'])).to.equal('import.errors.missingColumns');
    expect(await key([...importHeader, 'salary'])).to.equal('import.errors.unknownColumns');
    expect(await key([...importHeader, 'IIN'])).to.equal('import.errors.repeatedColumns');
    expect(await key(['IIN', 'Email', 'Surname', 'Given Name', 'Region'])).to.equal('accepted');
  });

  it('puts back the leading zero Excel drops from an IIN, in a number cell or as 11 digits of text, only when that makes a valid IIN', async () => {
    let serial = 1000;
    while (iinCheckDigit(`0304155${serial}`) === undefined) serial += 1;
    const iin = `0304155${serial}${iinCheckDigit(`0304155${serial}`)}`; // someone born in 2003
    const numeric = { fileType: 'xlsx' as const, header: importHeader, rows: [{ number: 2, cells: cells({ iin: iin.slice(1) }), numeric: [true] }] };
    expect((await checkRows(numeric, null)).rows[0]?.iin).to.equal(iin);
    expect((await checkRows(table([cells({ iin: iin.slice(1) })]), null)).rows[0]?.iin).to.equal(iin);
    const wrongCheck = `${iin.slice(1, 11)}${(Number(iin[11]) + 1) % 10}`; // 11 digits that are no IIN with a zero either
    expect((await checkRows(table([cells({ iin: wrongCheck })]), null)).rows).to.have.length(0);
  });

  it('leaves the fields of columns the file does not have undefined, so they are not overwritten', async () => {
    const line = teacherLines(1)[0]!;
    const checked = await checkRows(table([[line.iin, line.email, line.surname, line.given_name, 'astana']], ['iin', 'email', 'surname', 'given_name', 'region']), null);
    expect(Object.keys(checked.rows[0]!).sort()).to.deep.equal(['email', 'givenName', 'iin', 'region', 'row', 'surname']);
  });
});

describe('planning an import against the users who exist', () => {
  const row = (over: Partial<ReturnType<typeof base>> = {}) => ({ ...base(), ...over });
  function base() {
    return { row: 2, iin: '900101300017', email: 'a@mektep.kz', surname: 'Әлиева', givenName: 'Айгүл', region: 'astana', school: '№ 1' };
  }
  const user = (over: Partial<ExistingUser> = {}): ExistingUser => ({
    _id: new Types.ObjectId(), iin: '900101300017', email: 'a@mektep.kz', role: 'teacher', region: 'astana', surname: 'Әлиева', givenName: 'Айгүл', patronymic: '', district: 'Есіл', school: '№ 1', position: '', lang: 'ru', ...over,
  });

  it('creates the unknown, leaves the identical alone and updates only what changed', () => {
    const existing = user();
    const plan = planImport([row(), row({ row: 3, iin: '900101300025', email: 'b@mektep.kz' }), row({ row: 4, iin: '900101300033', email: 'c@mektep.kz' })], [existing, user({ iin: '900101300033', email: 'c@mektep.kz', school: 'ескі' })], null);
    expect(plan.unchanged.map((r) => r.row)).to.deep.equal([2]);
    expect(plan.creates.map((r) => r.row)).to.deep.equal([3]);
    expect(plan.updates.map((u) => u.set)).to.deep.equal([{ school: '№ 1' }]);
  });

  it('never touches district or language when the file has no such column, and recomputes the search text for a new name', () => {
    const plan = planImport([row({ surname: 'Бекова' })], [user()], null);
    expect(plan.updates[0]!.set).to.deep.equal({ surname: 'Бекова', searchText: 'бекова айгүл  a@mektep.kz' });
  });

  const conflicting = () => ({
    rows: [row(), row({ row: 3, iin: '900101300025', email: 'x@mektep.kz' }), row({ row: 4, iin: '900101300033', email: 'c@mektep.kz' }), row({ row: 5, iin: '900101300041', email: 'own@mektep.kz' })],
    users: [
      user({ iin: '111111111111', region: 'almaty' }),
      user({ iin: '900101300025', email: 'x@mektep.kz', role: 'admin' }),
      user({ iin: '900101300033', email: 'c@mektep.kz', region: 'almaty' }),
      user({ iin: '222222222222', email: 'own@mektep.kz' }),
    ],
  });

  it('tells a national admin why a row is refused: an email owned by another IIN, a staff account', () => {
    const { rows, users } = conflicting();
    const plan = planImport(rows, users, null);
    expect(plan.problems.map((p) => [p.row, p.message])).to.deep.equal([
      [2, 'import.errors.emailTaken'],
      [3, 'import.errors.notTeacher'],
      [5, 'import.errors.emailTaken'],
    ]);
  });

  it('gives a regional admin one message for everyone outside their scope, and details only within it (L1)', () => {
    const { rows, users } = conflicting();
    const plan = planImport(rows, users, 'astana');
    expect(plan.problems.map((p) => [p.row, p.message])).to.deep.equal([
      [2, 'import.errors.cannotImportHere'],
      [3, 'import.errors.cannotImportHere'],
      [4, 'import.errors.cannotImportHere'],
      [5, 'import.errors.emailTaken'],
    ]);
    expect(plan.creates).to.deep.equal([]);
    expect(plan.updates).to.deep.equal([]);
  });

  it('refuses rows of another region when the admin\'s scope has narrowed since the file was checked', () => {
    const plan = planImport([row({ region: 'almaty' })], [], 'astana');
    expect(plan.problems.map(({ row, field, message }) => ({ row, field, message }))).to.deep.equal([{ row: 2, field: 'region', message: 'import.errors.regionOutsideScope' }]);
    expect(plan.creates).to.deep.equal([]);
  });
});
