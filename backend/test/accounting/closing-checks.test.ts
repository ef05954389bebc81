import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, schemaOf, startAccountingCompany } from './support';

/**
 * Проверки перед закрытием месяца (March 2026): a draft sale and goods sold below zero refuse the closing,
 * each named with its document; a receipt entered back in time breaks the cost sequence until it is
 * restored; once all is put right the month closes (and closing again changes nothing); a document changed
 * after the closing is named, and the next month cannot be closed until March is closed again. A second
 * organization: opening balances that do not agree, and an ОСВ whose Дт ≠ Кт.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
let tenantId: string;
const id: Record<string, string> = {};
const docs: Record<string, any> = {};
const MARCH = '2026-03-01';

const nb = (s: string) => s.replace(/[\u00a0]/g, ' ');
const checks = async (organization = id.org, month = MARCH) => (await report(api, 'closing_checks', { month, organization })).items;
/** The report as [check code, result, message]. */
const summary = (items: Record<string, any>[]) => items.map((r) => [r.code, r.result, nb(r.message)]);
const label = (title: string, d: { number: string; date: string }) => `«${title}» ${d.number} от ${d.date.split('-').reverse().join('.')}`;
const SALE = 'Реализация товаров и услуг';
const close = (month: string, organization = id.org) => api.post('/api/accounting/documents/month_closing?post=true', { organization, month });

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-closing-checks', { name: 'ООО «Проверка»', adminEmail: 'admin@proverka.ru' });
  stack = t.stack;
  api = t.api;
  tenantId = t.tenant.tenantId;
  acc = await chartOf(api);
  // Selling below zero is allowed in trade for this organization — accounting's check still stops the closing.
  id.org = await createItem(api, 'organizations', { name: 'ООО «Проверка»', inn: '7707083893', allow_negative_stock: true });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.landlord = await createItem(api, 'counterparties', { name: 'ООО «Арендодатель»', inn: nextInn() });
  id.buy = await createItem(api, 'contracts', { name: 'Договор закупки', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.sell = await createItem(api, 'contracts', { name: 'Договор продажи', owner_id: id.customer, organization: id.org, kind: 'customer' });
  id.rent = (await itemsOf(api, 'cost_items'))['Аренда'];
  const goods = (extra: Record<string, unknown>) => ({ organization: id.org, warehouse: id.main, ...extra });
  // 10 kettles at 1 220,00 in, 12 out at 2 440,00 on the 10th: two below zero. A sale of one more on the 15th is only a draft.
  docs.r1 = await postDocument(api, 'receipt', goods({ date: '2026-03-02', counterparty: id.supplier, contract: id.buy, goods: [{ product: id.kettle, quantity: '10', price: 122_000 }] }));
  docs.s1 = await postDocument(api, 'sale', goods({ date: '2026-03-10', counterparty: id.customer, contract: id.sell, goods: [{ product: id.kettle, quantity: '12', price: 244_000 }] }));
  const draft = await api.post('/api/trade/documents/sale', goods({ date: '2026-03-15', counterparty: id.customer, contract: id.sell, goods: [{ product: id.kettle, quantity: '1', price: 244_000 }] }));
  expect(draft.body.status, JSON.stringify(draft.body)).toBe('draft');
  docs.s2 = draft.body;
});
afterAll(() => stack?.close());

describe('checks before closing a month', () => {
  test('a month with nothing wrong: every check «Выполнено»', async () => {
    expect(summary(await checks(id.org, '2026-02-01'))).toEqual([
      ['drafts', 'Выполнено', 'Ошибок нет'],
      ['negative_stock', 'Выполнено', 'Ошибок нет'],
      ['cost_sequence', 'Выполнено', 'Ошибок нет'],
      ['trial_balance', 'Выполнено', 'Ошибок нет'],
      ['closed_accounts', 'Выполнено', 'Ошибок нет'],
    ]);
  });

  test('closing March is refused, naming the draft sale and the sale that took the kettles below zero', async () => {
    const res = await close(MARCH);
    expect(res.status).toBe(422);
    const draft = `Документ ${label(SALE, docs.s2)} не проведён — проведите его или удалите: непроведённый документ не попадает в учёт месяца.`;
    const negative = `Отрицательный остаток товара «Чайник» на складе «Основной» (счёт 41.01): −2 на 10.03.2026 после документа ${label(SALE, docs.s1)} — списано больше, чем было (на конец месяца −2). Оформите поступление раньше этого документа или исправьте количество и перепроведите его.`;
    expect(nb(res.body.detail).replace(/\u2212/g, '−')).toBe(`Месяц март 2026 закрыть нельзя — проверки перед закрытием нашли ошибки (2):\n1. ${draft}\n2. ${negative}\nИсправьте их и закройте месяц снова.`);
    // Each problem carries its document, for the UI to open.
    expect(res.body.issues.map((i: any) => [i.check, i.document])).toEqual([
      ['drafts', { id: docs.s2.id, type: 'trade.sale', label: label(SALE, docs.s2), link: `/m/trade/documents/sale/${docs.s2.id}` }],
      ['negative_stock', { id: docs.s1.id, type: 'trade.sale', label: label(SALE, docs.s1), link: `/m/trade/documents/sale/${docs.s1.id}` }],
    ]);
    // Nothing was closed: no closing document, 90 still holds the sale.
    expect((await api.get('/api/accounting/documents/month_closing')).body.items).toEqual([]);
    // The same two problems in the report, the other checks passed.
    const items = await checks();
    expect(items.map((r) => [r.code, r.result, r.document])).toEqual([
      ['drafts', 'Ошибка', label(SALE, docs.s2)],
      ['negative_stock', 'Ошибка', label(SALE, docs.s1)],
      ['cost_sequence', 'Выполнено', ''],
      ['trial_balance', 'Выполнено', ''],
      ['closed_accounts', 'Выполнено', ''],
    ]);
    expect(items[1].document_ref.link).toBe(`/m/trade/documents/sale/${docs.s1.id}`);
  });

  test('a receipt entered back on the 5th mends the stock but breaks the cost sequence, named until it is restored', async () => {
    docs.r2 = await postDocument(api, 'receipt', { date: '2026-03-05', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, goods: [{ product: id.kettle, quantity: '5', price: 122_000 }] });
    const items = await checks();
    // 10 + 5 − 12 = 3 kettles: no longer below zero.
    expect(items.find((r) => r.code === 'negative_stock').result).toBe('Выполнено');
    const sequence = items.find((r) => r.code === 'cost_sequence');
    expect(nb(sequence.message)).toBe(
      `Последовательность расчёта себестоимости нарушена с 05.03.2026: документ ${label('Поступление товаров и услуг', docs.r2)} проведён или отменён после документов более поздних дат — себестоимость проданных товаров с этой даты может быть неверной. Восстановите последовательность (карточка «Себестоимость» на главной странице, «Восстановить»), затем закройте месяц.`,
    );
    expect(sequence.document_ref).toMatchObject({ id: docs.r2.id, type: 'trade.receipt' });
    const restored = await api.post('/api/trade/cost/resequence', { organization: id.org });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect((await checks()).find((r) => r.code === 'cost_sequence').result).toBe('Выполнено');
  });

  test('the draft posted, March closes; closing again changes nothing', async () => {
    expect((await api.post(`/api/trade/documents/sale/${docs.s2.id}/post`)).status).toBe(200);
    expect((await checks()).every((r) => r.ok)).toBe(true);
    // 13 kettles sold for 13 × 2 000,00 net = 26 000,00; at the average of 15 for 15 000,00 they cost 13 000,00.
    docs.closing = await postAccounting(api, 'month_closing', { organization: id.org, month: MARCH });
    expect(docs.closing.result).toBe(1_300_000);
    const journal = (await report(api, 'entries_journal', { from: MARCH, to: '2026-03-31', document: docs.closing.id })).items;
    const again = await api.post(`/api/accounting/documents/month_closing/${docs.closing.id}/post`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 1_300_000, steps: docs.closing.steps });
    expect((await report(api, 'entries_journal', { from: MARCH, to: '2026-03-31', document: docs.closing.id })).items).toEqual(journal);
    docs.closing = again.body;
  });

  test('an expense posted into March after its closing: named, and April cannot be closed until March is closed again', async () => {
    docs.late = await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-03-31',
      lines: [{ dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 100_000 }],
    });
    const message = `Документ ${label('Операция (бухгалтерский и налоговый учёт)', docs.late)} изменён после закрытия месяца март 2026 (${label('Закрытие месяца', docs.closing)}): на 31.03.2026 остались незакрытые остатки — 44.01 Дт 1 000,00 ₽. Перепроведите «Закрытие месяца» за март 2026.`;
    const row = (await checks()).find((r) => r.code === 'closed_accounts');
    expect([row.result, nb(row.message)]).toEqual(['Ошибка', message]);
    const april = await close('2026-04-01');
    expect(april.status).toBe(422);
    expect(nb(april.body.detail)).toBe(`Месяц апрель 2026 закрыть нельзя — проверки перед закрытием нашли ошибки (1):\n1. ${message}\nИсправьте их и закройте месяц снова.`);
    // March closed again takes the rent in (result 13 000,00 − 1 000,00); then April closes.
    const march = await api.post(`/api/accounting/documents/month_closing/${docs.closing.id}/post`);
    expect(march.body.result).toBe(1_200_000);
    expect((await checks()).find((r) => r.code === 'closed_accounts').result).toBe('Выполнено');
    docs.april = (await close('2026-04-01')).body;
    expect(docs.april.status).toBe('posted');
  });

  test('an unposted счёт-фактура of the month is named like any document that writes entries', async () => {
    const invoice = await api.post('/api/accounting/documents/invoice_received', { organization: id.org, date: '2026-04-10', receipt: docs.r2.id, incoming_number: '17', incoming_date: '2026-03-05' });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const res = await api.post(`/api/accounting/documents/month_closing/${docs.april.id}/post`);
    expect(res.status).toBe(422);
    expect(res.body.issues.map((i: any) => [i.check, i.document.label, i.document.link])).toEqual([
      ['drafts', label('Счёт-фактура полученный', invoice.body), `/m/accounting/documents/invoice_received/${invoice.body.id}`],
    ]);
    expect((await api.delete(`/api/accounting/documents/invoice_received/${invoice.body.id}`)).status).toBeLessThan(300);
    expect((await api.post(`/api/accounting/documents/month_closing/${docs.april.id}/post`)).status).toBe(200);
  });
});

describe('the ОСВ check', () => {
  test('opening balances that do not agree leave 000 with a balance: named, and the closing refused', async () => {
    id.other = await createItem(api, 'organizations', { name: 'ООО «Второе»', inn: nextInn() });
    docs.opening = await postAccounting(api, 'opening_balances', { organization: id.other, date: '2026-02-28', lines: [{ account: acc['50.01'], debit: 100_000 }] });
    const message = `На счёте 000 «Вспомогательный» на 31.03.2026 остаток Кт 1 000,00 ₽: введённые остатки не сходятся — в документе ${label('Ввод остатков', docs.opening)} остатки по дебету 1 000,00 ₽, по кредиту 0,00 ₽. Введите недостающие остатки, чтобы Дт = Кт.`;
    const row = (await checks(id.other)).find((r) => r.code === 'trial_balance');
    expect([row.result, nb(row.message), row.document_ref.type]).toEqual(['Ошибка', message, 'accounting.opening_balances']);
    const res = await close(MARCH, id.other);
    expect(res.status).toBe(422);
    expect(nb(res.body.detail)).toContain(`1. ${message}`);
  });

  test('turnovers whose Дт ≠ Кт (damaged totals) are found, and the journal disagreeing with them', async () => {
    // Damage the sums by account of 15 March by hand: 5,00 more on Дт of 51, nothing against it.
    const table = `${await schemaOf(stack, tenantId)}.r_accounting_by_account__daily`;
    const row = { day: '2026-03-15', organization: id.other, account: acc['51'], subconto1: '-', debit: 500, credit: 0, quantity_debit: 0, quantity_credit: 0 };
    await stack.db.knex(table).insert(row);
    try {
      const found = (await checks(id.other)).filter((r) => r.code === 'trial_balance').map((r) => nb(r.message));
      const advice = 'перепроведите документы месяца; если расхождение останется — обратитесь в поддержку WorkCloud.';
      expect(found.slice(0, 3)).toEqual([
        `Оборотно-сальдовая ведомость за март 2026 не сходится: обороты Дт 5,00 ₽ ≠ Кт 0,00 ₽ — ${advice}`,
        `Остатки на 31.03.2026 не сходятся: всего Дт 1 005,00 ₽ ≠ Кт 1 000,00 ₽ — ${advice}`,
        `Журнал проводок за март 2026 (Дт 0,00 ₽, Кт 0,00 ₽) расходится с оборотами по счетам (Дт 5,00 ₽, Кт 0,00 ₽) — ${advice}`,
      ]);
    } finally {
      await stack.db.knex(table).where({ day: row.day, organization: row.organization, account: row.account }).delete();
    }
    expect((await checks(id.other)).filter((r) => r.code === 'trial_balance')).toHaveLength(1);
  });
});
