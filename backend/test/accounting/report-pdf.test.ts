/**
 * Reports as PDF (the engine's `format=pdf`, for any declared report): the ОСВ, ф. 1 and ф. 2 of a company
 * that bought 10 kettles and sold 2, read back with pdftotext as a person reads the printout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, startAccountingCompany } from './support';

let stack: TestStack;
let api: Api;
let token: string;
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-report-pdf', { name: 'Печать', adminEmail: 'admin@pdf-buh.ru' });
  stack = t.stack;
  api = t.api;
  token = t.tenant.adminToken;
  const org = await createItem(api, 'organizations', { name: 'ООО «Печать»', inn: '7707083893', kpp: '770701001' });
  const main = await createItem(api, 'warehouses', { name: 'Основной' });
  const kettle = await createItem(api, 'products', { name: 'Чайник' });
  const supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  const buy = await createItem(api, 'contracts', { name: 'Договор закупки 7', owner_id: supplier, organization: org, kind: 'supplier' });
  const sell = await createItem(api, 'contracts', { name: 'Договор поставки 1', owner_id: customer, organization: org, kind: 'customer' });
  // Cost 10 000,00 (+ VAT 2 200,00); 2 of 10 sold for 6 100,00 incl. VAT 1 100,00: revenue 5 000,00, cost 2 000,00.
  await postDocument(api, 'receipt', { date: '2026-03-02', organization: org, warehouse: main, counterparty: supplier, contract: buy, goods: [{ product: kettle, quantity: '10', price: 122_000 }] });
  await postDocument(api, 'sale', { date: '2026-03-10', organization: org, warehouse: main, counterparty: customer, contract: sell, goods: [{ product: kettle, quantity: '2', price: 305_000 }] });
});
afterAll(() => stack?.close());

/** The PDF of a report and its text (pdftotext, all white space as one space). */
async function pdfText(code: string, params: Record<string, string>) {
  const res = await fetch(`${stack.url}/api/accounting/reports/${code}?${new URLSearchParams({ ...params, format: 'pdf' })}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wc-report-pdf-')), `${code}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { res, text: execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ') };
}

test('ОСВ: the title, the period and each account with its balances and turnovers, totals Дт = Кт', async () => {
  const { res, text } = await pdfText('turnover_balance_sheet', MARCH);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Оборотно-сальдовая ведомость.pdf')}`);
  expect(text).toContain('Оборотно-сальдовая ведомость');
  expect(text).toContain('Начало периода: 01.03.2026; Конец периода: 31.03.2026');
  expect(text).toMatch(/41 Товары 0,00 0,00 10 000,00 2 000,00 8 000,00 0,00/);
  expect(text).toMatch(/62 Расчеты с покупателями и заказчиками 0,00 0,00 6 100,00 0,00 6 100,00 0,00/);
  // The «Итого» row is the screen's totals: turnovers Дт = Кт.
  const totals = (await api.get(`/api/accounting/reports/turnover_balance_sheet?${new URLSearchParams(MARCH)}`)).body.totals;
  expect(totals.debit).toBe(totals.credit);
  expect(text).toContain(`Итого 0,00 0,00 ${rub(totals.debit)} ${rub(totals.credit)}`);
});

test('ф. 2 and ф. 1: the lines in thousands with their decoding', async () => {
  const f2 = (await pdfText('financial_results', MARCH)).text;
  expect(f2).toContain('Отчёт о финансовых результатах (форма № 2)');
  // Each line: code, title, thousands now and a year before («-»: nothing), and the decoding in rubles and kopecks.
  expect(f2).toContain('2110 Выручка 5 - Кт 90.01.1 6 100,00 − Дт 90.03 1 100,00 = 5 000,00 ₽');
  // An expense line in parentheses, as the form prints it.
  expect(f2).toContain('2120 Себестоимость продаж (2) - Дт 90.02.1 2 000,00 = 2 000,00 ₽');
  expect(f2).toContain('2400 Чистая прибыль (убыток) 3 -');
  const f1 = (await pdfText('balance_sheet', { date: '2026-03-31' })).text;
  expect(f1).toContain('Бухгалтерский баланс (форма № 1)');
  expect(f1).toContain('На дату: 31.03.2026');
  expect(f1).toContain('1210 Запасы 8 - Дт 41.01 8 000,00 = 8 000,00 ₽');
  expect(f1).toContain('1230 Дебиторская задолженность 6 - Дт 62.01 6 100,00 = 6 100,00 ₽');
  expect(f1).toMatch(/1600 БАЛАНС \(актив\) 16 - /);
});

test('a loss and the expenses in parentheses, in the PDF as on the screen', async () => {
  // April: a penalty of 10 000,00 to the supplier (Дт 91.02 Кт 76.02) — ф. 2 for April: 2350 (10), a loss 2300 (10);
  // ф. 1 at 30.04: 1370 = March's 3 000,00 (90 not closed) − 10 000,00 = −7 000,00 → (7), the supplier's 10 000,00 more in 1520.
  const acc = await chartOf(api);
  const penalty = (await itemsOf(api, 'income_expense_items'))['Прочие внереализационные доходы (расходы)'];
  const org = (await api.get('/api/trade/catalogs/organizations')).body.items.find((o: { name: string }) => o.name === 'ООО «Печать»').id;
  const supplier = (await api.get('/api/trade/catalogs/counterparties')).body.items.find((c: { name: string }) => c.name === 'ООО «Поставщик»').id;
  await postAccounting(api, 'operation', {
    organization: org,
    date: '2026-04-15',
    lines: [{ dt_account: acc['91.02'], dt_subconto1: penalty, kt_account: acc['76.02'], kt_subconto1: supplier, amount: 1_000_000 }],
  });
  const april = { from: '2026-04-01', to: '2026-04-30' };
  const f2 = (await pdfText('financial_results', april)).text;
  expect(f2).toContain('2350 Прочие расходы (10) - Дт 91.02 10 000,00 = 10 000,00 ₽');
  expect(f2).toContain('2300 Прибыль (убыток) до налогообложения (10) -');
  expect(f2).toContain('2400 Чистая прибыль (убыток) (10) -');
  const f1 = (await pdfText('balance_sheet', { date: '2026-04-30' })).text;
  expect(f1).toMatch(/1370 Нераспределенная прибыль \(непокрытый убыток\) \(7\) - /);
  // Payables: 12 200,00 to the supplier for the goods + 10 000,00 the penalty + VAT of the sale 1 100,00 = 23 300,00 → 23;
  // пассив 23 − 7 = 16 = актив (8 + 2,2 + 6,1 → 8 + 2 + 6).
  expect(f1).toMatch(/1520 Кредиторская задолженность 23 - /);
  expect(f1).toMatch(/1700 БАЛАНС \(пассив\) 16 - /);
  // The screen shows the same texts.
  const screen = (await api.get(`/api/accounting/reports/financial_results?${new URLSearchParams(april)}`)).body.items;
  expect(screen.find((r: { line: string }) => r.line === '2350')).toMatchObject({ current: 10, shown: '(10)', previous_shown: '-' });
});

test('a report with nothing in the period is still a PDF that says so', async () => {
  const { text } = await pdfText('turnover_balance_sheet', { from: '2025-01-01', to: '2025-01-31' });
  expect(text).toContain('Нет данных за период.');
});

/** 1 234 567 kopecks → «12 345,67», as printed. */
const rub = (kopecks: number) => `${String(Math.trunc(kopecks / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(kopecks % 100).padStart(2, '0')}`;
