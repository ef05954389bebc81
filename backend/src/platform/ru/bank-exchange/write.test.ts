import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseBankExchange } from './parse';
import type { PaymentOrder } from './statement';
import { writeBankExchange } from './write';

const fixture = (name: string): Buffer =>
  readFileSync(path.join(__dirname, '__fixtures__', `1CClientBankExchange-${name}.txt`));

const ORDER: PaymentOrder = {
  kind: 'Платежное поручение',
  number: '15',
  date: '2026-03-10',
  amountKopecks: 1220050,
  payer: {
    name: 'ООО "Ромашка"',
    inn: '7707083893',
    kpp: '773601001',
    account: '40702810300180001774',
    bankName: 'АО "Банк"',
    bankCity: 'г. Москва',
    bik: '044525311',
    corrAccount: '30101810000000000311',
  },
  payee: {
    name: 'ИП Иванов И. И.',
    inn: '123456789047',
    kpp: '',
    account: '40702810123111111114',
    bankName: 'ПАО "Другой банк"',
    bankCity: 'г. Москва',
    bik: '044525352',
    corrAccount: '30101810700000000352',
  },
  purpose: 'Оплата по счёту № 7 от 02.03.2026, в т.ч. НДС 22 % — 2200.01 руб.',
  fields: { ВидОплаты: '01', Очередность: '5' },
};

describe('writeBankExchange', () => {
  it('writes payment orders as a windows-1251 file with CRLF, format 1.03', () => {
    // 21:30 UTC is already the next day in Moscow.
    const bytes = writeBankExchange([ORDER], { createdAt: new Date('2026-03-10T21:30:00Z') });

    expect(isUtf8(bytes)).toBe(false);
    expect(bytes.subarray(0, 22).toString('ascii')).toBe('1CClientBankExchange\r\n');
    expect(bytes[22]).toBe(0xc2); // «В» of ВерсияФормата in windows-1251
    expect(decode(bytes, 'windows-1251').split('\r\n')).toEqual([
      '1CClientBankExchange',
      'ВерсияФормата=1.03',
      'Кодировка=Windows',
      'Отправитель=WorkCloud',
      'Получатель=',
      'ДатаСоздания=11.03.2026',
      'ВремяСоздания=00:30:00',
      'ДатаНачала=10.03.2026',
      'ДатаКонца=10.03.2026',
      'РасчСчет=40702810300180001774',
      'Документ=Платежное поручение',
      'СекцияДокумент=Платежное поручение',
      'Номер=15',
      'Дата=10.03.2026',
      'Сумма=12200.50',
      'ПлательщикСчет=40702810300180001774',
      'Плательщик=ООО "Ромашка"',
      'ПлательщикИНН=7707083893',
      'ПлательщикКПП=773601001',
      'ПлательщикБанк1=АО "Банк"',
      'ПлательщикБанк2=г. Москва',
      'ПлательщикБИК=044525311',
      'ПлательщикКорсчет=30101810000000000311',
      'Плательщик1=ООО "Ромашка"',
      'ПлательщикРасчСчет=40702810300180001774',
      'ПолучательСчет=40702810123111111114',
      'Получатель=ИП Иванов И. И.',
      'ПолучательИНН=123456789047',
      'ПолучательКПП=',
      'ПолучательБанк1=ПАО "Другой банк"',
      'ПолучательБанк2=г. Москва',
      'ПолучательБИК=044525352',
      'ПолучательКорсчет=30101810700000000352',
      'Получатель1=ИП Иванов И. И.',
      'ПолучательРасчСчет=40702810123111111114',
      'НазначениеПлатежа=Оплата по счёту № 7 от 02.03.2026, в т.ч. НДС 22 % — 2200.01 руб.',
      'ВидОплаты=01',
      'Очередность=5',
      'КонецДокумента',
      'КонецФайла',
      '', // the last line ends with CRLF too
    ]);
  });

  it('round trip: payment orders written and read back are the same documents', () => {
    const second: PaymentOrder = { ...ORDER, number: '16', date: '2026-03-12', amountKopecks: 1, fields: {} };
    const { header, documents } = parseBankExchange(writeBankExchange([ORDER, second]));

    expect(header).toMatchObject({ periodStart: '2026-03-10', periodEnd: '2026-03-12', accounts: [ORDER.payer.account] });
    expect(documents).toHaveLength(2);
    for (const [read, written] of [
      [documents[0], ORDER],
      [documents[1], second],
    ] as const) {
      const { fields, ...typed } = read;
      const { fields: writtenFields, ...writtenTyped } = written;
      expect(typed).toEqual(writtenTyped);
      expect(fields).toMatchObject(writtenFields ?? {});
    }
  });

  it.each(['sample1', 'sample2', 'sample3', 'sample4', 'sample5'])('round trip of %s: write → parse gives the same', (name) => {
    const original = parseBankExchange(fixture(name));
    const reread = parseBankExchange(writeBankExchange(original));

    expect(reread.documents).toEqual(original.documents);
    expect(reread.accountSections).toEqual(original.accountSections);
    // Only the version and the encoding change: the writer always writes 1.03 in windows-1251.
    expect(reread.header).toEqual({
      ...original.header,
      version: '1.03',
      encoding: 'Windows',
      fields: { ...original.header.fields, ВерсияФормата: '1.03', Кодировка: 'Windows' },
    });
  });

  it('keeps negative balances of an account section', () => {
    const statement = parseBankExchange(fixture('sample1'));
    statement.accountSections[0].openingBalanceKopecks = -5;
    statement.accountSections[0].closingBalanceKopecks = -123456;
    const [section] = parseBankExchange(writeBankExchange(statement)).accountSections;
    expect(section.openingBalanceKopecks).toBe(-5);
    expect(section.closingBalanceKopecks).toBe(-123456);
    expect(section.fields['НачальныйОстаток']).toBe('-0.05');
    expect(section.fields['КонечныйОстаток']).toBe('-1234.56');
  });

  it('refuses values it cannot write faithfully', () => {
    expect(() => writeBankExchange([{ ...ORDER, purpose: 'первая строка\nвторая' }])).toThrow(
      'Поле НазначениеПлатежа: значение не должно содержать перевода строки',
    );
    expect(() => writeBankExchange([{ ...ORDER, purpose: 'Оплата 😀' }])).toThrow('Windows-1251');
    expect(() => writeBankExchange([{ ...ORDER, date: '10.03.2026' }])).toThrow('Поле Дата: дата "10.03.2026"');
    expect(() => writeBankExchange([{ ...ORDER, amountKopecks: 10.5 }])).toThrow('целым числом копеек');
    expect(() => writeBankExchange([{ ...ORDER, amountKopecks: -100 }])).toThrow('не может быть отрицательной');
    expect(() => writeBankExchange([{ ...ORDER, fields: { КонецДокумента: '' } }])).toThrow('Ключ "КонецДокумента"');
  });
});
