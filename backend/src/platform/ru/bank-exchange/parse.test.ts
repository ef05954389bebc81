import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isValidBankAccount, isValidBik, isValidCorrAccount, isValidInn, isValidKpp } from '../identifiers';
import { detectEncoding } from './decode';
import { BankExchangeError, parseBankExchange } from './parse';

const SAMPLES = ['sample1', 'sample2', 'sample3', 'sample4', 'sample5'] as const;

/** The samples are UTF-8 with LF, although their header says Кодировка=Windows. */
const fixture = (name: string): Buffer =>
  readFileSync(path.join(__dirname, '__fixtures__', `1CClientBankExchange-${name}.txt`));

/** What a real bank sends: the same text in a single-byte encoding with CRLF line ends. */
const reencoded = (utf8: Buffer, encoding: 'windows-1251' | 'cp866'): Buffer =>
  encode(utf8.toString('utf8').replace(/\r?\n/g, '\r\n'), encoding);

describe('parseBankExchange on the reference samples', () => {
  it('sample1 (synthetic, every section): header, two account sections, two documents', () => {
    const { header, accountSections, documents } = parseBankExchange(fixture('sample1'));

    expect(header).toMatchObject({
      version: '1.03',
      encoding: 'Windows',
      sender: 'Отправитель',
      recipient: 'Получатель',
      createdOn: '2020-01-01',
      createdAtTime: '10:00:00',
      periodStart: '2020-01-01',
      periodEnd: '2020-01-01',
      accounts: ['12345678901234567890'],
      documentKinds: ['Платежное поручение', 'Платежное требование'],
    });

    expect(accountSections.map((s) => s.account)).toEqual(['12345678901234567890', '12345678901234567891']);
    expect(accountSections[1]).toMatchObject({
      periodStart: '2020-01-01',
      periodEnd: '2020-01-01',
      openingBalanceKopecks: 1010,
      totalCreditedKopecks: 1010,
      totalDebitedKopecks: 1010,
      closingBalanceKopecks: 1010,
    });

    expect(documents.map((d) => d.kind)).toEqual(['Платежное поручение', 'Платежное требование']);
    const [order] = documents;
    expect(order).toMatchObject({
      number: '1',
      date: '2020-01-01',
      amountKopecks: 1010,
      debitedOn: '2020-01-01',
      creditedOn: '2020-01-01',
      purpose: 'НазначениеПлатежа',
    });
    expect(order.payer).toEqual({
      name: 'Плательщик',
      inn: '1234567890',
      kpp: '123456789',
      account: '12345678901234567890',
      bankName: 'ПлательщикБанк1',
      bankCity: 'ПлательщикБанк2',
      bik: '123456789',
      corrAccount: '12345678901234567890',
    });
    // Every key of the section is kept as written, the parsed ones included.
    expect(Object.keys(order.fields)).toHaveLength(64);
    expect(order.fields['Сумма']).toBe('10.10');
    expect(order.fields['ПоказательКБК']).toBe('12345678901234567890');
    expect(order.fields['ДатаОтсылкиДок']).toBe('01.01.2020');
  });

  it('sample2 (format 1.01): one payment order of 0.01 ₽ from Ростелеком', () => {
    const { header, accountSections, documents } = parseBankExchange(fixture('sample2'));
    expect(header).toMatchObject({ version: '1.01', sender: 'OEBS R12', recipient: 'ДБО BS-Client v.3 BSS' });
    expect(accountSections).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      kind: 'Платежное поручение',
      number: '119',
      date: '2021-08-20',
      amountKopecks: 1,
      purpose: 'Тип 3.Расчет за оказ.услуги. в т.ч. НДС 20%: 0.00',
      payer: { name: 'ПАО "Ростелеком"', inn: '7707049388', kpp: '770545001', bik: '044525555' },
      payee: {
        name: 'АО "Российские космические системы"',
        inn: '7722698789',
        account: '40702810938120061991',
        bankName: 'ПАО СБЕРБАНК',
        bankCity: 'г Москва',
        corrAccount: '30101810400000000225',
      },
    });
    expect(documents[0].fields['Код']).toBe('2021730100412217000244871');
    expect(documents[0].debitedOn).toBeUndefined();
  });

  it('sample3: payment to a treasury account', () => {
    const [document] = parseBankExchange(fixture('sample3')).documents;
    expect(document).toMatchObject({ number: '288', amountKopecks: 1 });
    expect(document.payee).toEqual({
      name: 'Управление Федерального казначейства по Орловской области (УПРАВЛЕНИЕ ФЕДЕРАЛЬНОЙ СЛУЖБЫ БЕЗОПАСНОСТИ ПО ОРЛОВСКОЙ ОБЛАСТИ)',
      inn: '5753029294',
      kpp: '575301001',
      account: '03100643000000015400',
      bankName: 'ОТДЕЛЕНИЕ ОРЕЛ БАНКА РОССИИ//УФК по Орловской области',
      bankCity: 'Г. Орёл',
      bik: '015402901',
      corrAccount: '40102810545370000046',
    });
    expect(document.fields['ПоказательКБК']).toBe('18911301050016000130');
  });

  it('sample4: one payment order to ТСЖ', () => {
    const { documents } = parseBankExchange(fixture('sample4'));
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      number: '23720',
      payee: { name: 'ТСЖ "БЕРЕГ"', inn: '1650136610', kpp: '165001001', bik: '049205603' },
      purpose: 'За Татарстан. Расчет по договору N б/н от 01.09.2008 за аренду. Не облагается НДС',
    });
  });

  it('sample5: six payment orders separated by blank lines, lowercase Кодировка=windows', () => {
    const { header, documents } = parseBankExchange(fixture('sample5'));
    expect(header.encoding).toBe('windows');
    expect(documents.map((d) => d.number)).toEqual(['2335', '2322', '2991', '2349', '2451', '2930']);
    expect(documents.map((d) => d.payee.inn)).toEqual([
      '2635028348',
      '3819023623',
      '7415005658',
      '3819023623',
      '7842000011',
      '7740000076',
    ]);
    expect(documents.reduce((sum, d) => sum + d.amountKopecks, 0)).toBe(6);
    expect(documents[1].payee.name).toBe('УФК ПО ИРКУТСКОЙ ОБЛАСТИ (МЕЖРАЙОННАЯ ИФНС РОССИИ № 18 ПО ИРКУТСКОЙ ОБЛАСТИ)');
    expect(documents[5].fields['Код']).toBe('424330352486400000000ЛС12');
  });

  it.each(['sample2', 'sample3', 'sample4', 'sample5'])('%s (real): every party passes the identifier checks', (name) => {
    for (const { payer, payee } of parseBankExchange(fixture(name)).documents) {
      for (const party of [payer, payee]) {
        expect(isValidInn(party.inn), party.inn).toBe(true);
        expect(isValidKpp(party.kpp), party.kpp).toBe(true);
        expect(isValidBik(party.bik), party.bik).toBe(true);
        expect(isValidBankAccount(party.bik, party.account), party.account).toBe(true);
        expect(isValidCorrAccount(party.bik, party.corrAccount), party.corrAccount).toBe(true);
      }
    }
  });
});

describe('encodings', () => {
  it.each(SAMPLES)('%s in windows-1251 with CRLF parses to the same statement', (name) => {
    const bytes = reencoded(fixture(name), 'windows-1251');
    expect(detectEncoding(bytes)).toBe('windows-1251');
    expect(parseBankExchange(bytes)).toEqual(parseBankExchange(fixture(name)));
  });

  it('reads a CP866 file declared as Кодировка=DOS', () => {
    const dosText = fixture('sample5').toString('utf8').replace('Кодировка=windows', 'Кодировка=DOS');
    const bytes = reencoded(Buffer.from(dosText), 'cp866');
    expect(detectEncoding(bytes)).toBe('cp866');
    const statement = parseBankExchange(bytes);
    expect(statement.header.encoding).toBe('DOS');
    expect(statement.documents).toEqual(parseBankExchange(fixture('sample5')).documents);
  });

  it('guesses the encoding from the letters when there is no Кодировка line', () => {
    const undeclared = Buffer.from(fixture('sample3').toString('utf8').replace('Кодировка=Windows\n', ''));
    const expected = parseBankExchange(undeclared).documents;
    for (const encoding of ['windows-1251', 'cp866'] as const) {
      const bytes = reencoded(undeclared, encoding);
      expect(detectEncoding(bytes)).toBe(encoding);
      expect(parseBankExchange(bytes).documents).toEqual(expected);
    }
  });

  it('trusts the bytes over the header: UTF-8 (with or without BOM) saying Кодировка=Windows', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('sample4')]);
    expect(detectEncoding(fixture('sample4'))).toBe('utf-8');
    expect(parseBankExchange(withBom)).toEqual(parseBankExchange(fixture('sample4')));
  });
});

describe('keys some banks fill instead of the usual ones', () => {
  it('takes the name from Плательщик1, the account from ПлательщикРасчСчет, the purpose from its numbered lines', () => {
    const text = [
      '1CClientBankExchange',
      'ВерсияФормата=1.02',
      'СекцияДокумент=Платежное поручение',
      'Номер=1',
      'Дата=01.02.2024',
      'Сумма=100',
      'Плательщик=',
      'Плательщик1=ООО "Ромашка"',
      'ПлательщикСчет=',
      'ПлательщикРасчСчет=40702810300180001774',
      'НазначениеПлатежа=',
      'НазначениеПлатежа1=Оплата по счёту 7',
      'НазначениеПлатежа2=',
      'НазначениеПлатежа3=Без НДС',
      'КонецДокумента',
      'КонецФайла',
    ].join('\n');
    const [document] = parseBankExchange(Buffer.from(text)).documents;
    expect(document.amountKopecks).toBe(10000);
    expect(document.payer.name).toBe('ООО "Ромашка"');
    expect(document.payer.account).toBe('40702810300180001774');
    expect(document.purpose).toBe('Оплата по счёту 7 Без НДС');
  });
});

describe('malformed files', () => {
  const VALID = [
    '1CClientBankExchange', // 1
    'ВерсияФормата=1.03', // 2
    'Кодировка=Windows', // 3
    'СекцияДокумент=Платежное поручение', // 4
    'Номер=7', // 5
    'Дата=20.08.2021', // 6
    'Сумма=12.50', // 7
    'КонецДокумента', // 8
    'КонецФайла', // 9
  ];
  const file = (lines: string[]) => encode(lines.join('\r\n') + '\r\n', 'windows-1251');
  const replaced = (lineNo: number, text: string) => file(VALID.with(lineNo - 1, text));
  const without = (lineNo: number) => file(VALID.filter((_, index) => index !== lineNo - 1));

  const errorOf = (bytes: Buffer): BankExchangeError => {
    try {
      parseBankExchange(bytes);
    } catch (error) {
      if (error instanceof BankExchangeError) return error;
      throw error;
    }
    throw new Error('the file was accepted');
  };

  it('the unbroken file parses (so the failures below come from the one change each makes)', () => {
    const [document] = parseBankExchange(file(VALID)).documents;
    expect(document).toMatchObject({ number: '7', date: '2021-08-20', amountKopecks: 1250 });
  });

  it('a wrong or missing first line', () => {
    expect(errorOf(replaced(1, 'Выписка'))).toMatchObject({
      line: 1,
      message: 'Строка 1: файл должен начинаться со строки 1CClientBankExchange',
    });
    expect(errorOf(Buffer.alloc(0)).line).toBe(1);
  });

  it('an unknown or missing version', () => {
    expect(errorOf(replaced(2, 'ВерсияФормата=2.00'))).toMatchObject({
      line: 2,
      message: 'Строка 2: неизвестная версия формата "2.00", поддерживаются 1.01, 1.02, 1.03',
    });
    expect(errorOf(without(2))).toMatchObject({ line: 2, message: 'Строка 2: в заголовке нет строки ВерсияФормата=' });
  });

  it('an amount that is not a number of rubles and kopecks', () => {
    expect(errorOf(replaced(7, 'Сумма=12,5x'))).toMatchObject({
      line: 7,
      message: 'Строка 7: сумма "12,5x" не является числом',
    });
    expect(errorOf(replaced(7, 'Сумма=12.505')).message).toBe('Строка 7: в сумме "12.505" больше двух знаков после точки');
    expect(errorOf(replaced(7, 'Сумма=-12.50')).message).toBe('Строка 7: сумма "-12.50" не может быть отрицательной');
  });

  it('a date that is not ДД.ММ.ГГГГ or does not exist', () => {
    expect(errorOf(replaced(6, 'Дата=2021-08-20')).message).toBe(
      'Строка 6: дата "2021-08-20" в поле Дата должна быть в виде ДД.ММ.ГГГГ',
    );
    expect(errorOf(replaced(6, 'Дата=31.02.2021')).line).toBe(6);
  });

  it('a required field that is missing or empty', () => {
    // Missing: the document's first line is reported.
    expect(errorOf(without(7))).toMatchObject({ line: 4, message: 'Строка 4: не заполнено обязательное поле Сумма' });
    expect(errorOf(replaced(5, 'Номер=')).message).toBe('Строка 5: не заполнено обязательное поле Номер');
  });

  it('a document not closed by КонецДокумента', () => {
    expect(errorOf(replaced(8, 'СекцияДокумент=Платежное поручение'))).toMatchObject({
      line: 8,
      message: 'Строка 8: секция СекцияДокумент, начатая в строке 4, не закрыта КонецДокумента',
    });
    expect(errorOf(without(8)).line).toBe(8); // КонецФайла moved up to line 8
    expect(errorOf(file(VALID.slice(0, 6))).line).toBe(6); // cut inside the document
  });

  it('a file without КонецФайла', () => {
    expect(errorOf(without(9))).toMatchObject({
      line: 8,
      message: 'Строка 8: нет строки КонецФайла: файл обрезан или записан не до конца',
    });
  });

  it('stray lines: not Ключ=Значение, repeated key, section end without start, data after the end', () => {
    expect(errorOf(replaced(5, 'Номер 7')).message).toBe('Строка 5: ожидалась строка вида Ключ=Значение, а не "Номер 7"');
    expect(errorOf(file([...VALID.slice(0, 6), 'Номер=8', ...VALID.slice(6)]))).toMatchObject({
      line: 7,
      message: 'Строка 7: поле Номер повторяется (первый раз в строке 5)',
    });
    expect(errorOf(replaced(4, 'КонецДокумента')).line).toBe(4);
    expect(errorOf(file([...VALID, 'Номер=8'])).message).toBe('Строка 10: после КонецФайла не должно быть данных');
  });
});
