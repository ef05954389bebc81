import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, schemaOf, sheetRows, startAccountingCompany } from './support';

/**
 * Opening balances and manual operations of one organization, and what the reports make of them:
 * ОСВ (with the expanded balance of 62 by customer), ОСВ по счёту with quantities, карточка счёта with
 * the running balance, журнал проводок; storno on cancelling; refusals that name what to fix; the дата
 * запрета. Amounts in kopecks, computed by hand in the comments.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
let tenantId: string;
const id: Record<string, string> = {};
const docs: Record<string, any> = {};
const JAN = { from: '2026-01-01', to: '2026-01-31' };
const BANK = '40702810300180001774';

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-ledger', { name: 'ООО «Ромашка»', adminEmail: 'admin@romashka.ru' });
  stack = t.stack;
  api = t.api;
  tenantId = t.tenant.tenantId;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Ромашка»', inn: '7707083893', bik: '044525311', account: BANK });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.customer2 = await createItem(api, 'counterparties', { name: 'ООО «Второй покупатель»', inn: nextInn(), is_customer: true });
  id.landlord = await createItem(api, 'counterparties', { name: 'ООО «Арендодатель»', inn: nextInn() });
  id.founder = await createItem(api, 'counterparties', { name: 'Иванов И. И.' });
  id.buyContract = await createItem(api, 'contracts', { name: 'Договор поставки 7', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.saleContract = await createItem(api, 'contracts', { name: 'Договор продажи 1', owner_id: id.customer, organization: id.org, kind: 'customer' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  const cost = await itemsOf(api, 'cost_items');
  const flow = await itemsOf(api, 'cash_flow_items');
  id.rent = cost['Аренда'];
  id.toSuppliers = flow['Оплата поставщикам (подрядчикам)'];
  id.fromCustomers = flow['Оплата от покупателей'];
});
afterAll(() => stack?.close());

const sheet = async (params: Record<string, string>) => report(api, 'turnover_balance_sheet', { ...params, organization: id.org });

describe('opening balances', () => {
  test('entered against 000, they leave 000 at zero and show as the opening of January', async () => {
    // Debit balances 500 000,00 + 120 000,00 + 60 000,00 = 680 000,00; credit 80 000,00 + 100 000,00 + 500 000,00 = 680 000,00.
    docs.opening = await postAccounting(api, 'opening_balances', {
      organization: id.org,
      date: '2025-12-31',
      lines: [
        { account: acc['51'], subconto1: BANK, debit: 50_000_000 },
        { account: acc['41.01'], subconto1: id.kettle, subconto2: id.main, debit: 12_000_000, quantity: '100' },
        { account: acc['62.01'], subconto1: id.customer, subconto2: id.saleContract, debit: 6_000_000 },
        { account: acc['60.01'], subconto1: id.supplier, subconto2: id.buyContract, credit: 8_000_000 },
        { account: acc['80'], subconto1: id.founder, credit: 10_000_000 },
        { account: acc['84.01'], credit: 50_000_000 },
      ],
    });
    expect(docs.opening).toMatchObject({ number: 'ВО-000001', status: 'posted', debit: 68_000_000, credit: 68_000_000 });

    // December: every balance arrives as a turnover; 000 takes 680 000,00 on each side and closes at zero.
    const dec = await sheet({ from: '2025-12-01', to: '2025-12-31' });
    expect(sheetRows(dec.items)).toEqual([
      ['000', 0, 0, 68_000_000, 68_000_000, 0, 0],
      ['41', 0, 0, 12_000_000, 0, 12_000_000, 0],
      ['51', 0, 0, 50_000_000, 0, 50_000_000, 0],
      ['60', 0, 0, 0, 8_000_000, 0, 8_000_000],
      ['62', 0, 0, 6_000_000, 0, 6_000_000, 0],
      ['80', 0, 0, 0, 10_000_000, 0, 10_000_000],
      ['84', 0, 0, 0, 50_000_000, 0, 50_000_000],
    ]);
    // Turnovers 680 000,00 (accounts) + 680 000,00 (000) = 1 360 000,00 on each side.
    expect(dec.totals).toEqual({ opening_debit: 0, opening_credit: 0, debit: 136_000_000, credit: 136_000_000, closing_debit: 68_000_000, closing_credit: 68_000_000 });

    const jan = await sheet(JAN);
    expect(jan.totals).toMatchObject({ opening_debit: 68_000_000, opening_credit: 68_000_000, debit: 0, credit: 0 });
  });

  test('a line with both a debit and a credit balance is refused, naming the line', async () => {
    const res = await api.post('/api/accounting/documents/opening_balances?post=true', { organization: id.org, date: '2025-12-31', lines: [{ account: acc['51'], subconto1: BANK, debit: 100, credit: 100 }] });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('Строка 1: остаток бывает либо дебетовый, либо кредитовый — оставьте одну из сумм.');
  });
});

describe('manual operations and the reports', () => {
  test('January: a payment to the supplier, rent accrued, two customers pay — one of them in advance', async () => {
    docs.op1 = await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-01-20',
      content: 'Оплата поставщику и аренда',
      lines: [
        // 50 000,00 to the supplier.
        { dt_account: acc['60.01'], dt_subconto1: id.supplier, dt_subconto2: id.buyContract, kt_account: acc['51'], kt_subconto1: BANK, kt_subconto2: id.toSuppliers, amount: 5_000_000, content: 'Оплата поставщику' },
        // 30 000,00 rent of January.
        { dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 3_000_000, content: 'Аренда за январь' },
      ],
    });
    expect(docs.op1).toMatchObject({ number: 'ОП-000001', amount: 8_000_000, status: 'posted' });
    // 45 000,00 from the customer against its debt of 60 000,00.
    docs.op2 = await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-01-25',
      lines: [{ dt_account: acc['51'], dt_subconto1: BANK, dt_subconto2: id.fromCustomers, kt_account: acc['62.01'], kt_subconto1: id.customer, kt_subconto2: id.saleContract, amount: 4_500_000 }],
    });
    // 10 000,00 from the second customer, who owes nothing: a credit balance of its own.
    docs.op3 = await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-01-28',
      content: 'Предоплата от второго покупателя',
      lines: [{ dt_account: acc['51'], dt_subconto1: BANK, dt_subconto2: id.fromCustomers, kt_account: acc['62.01'], kt_subconto1: id.customer2, amount: 1_000_000 }],
    });
  });

  test('the ОСВ for January: 62 expanded by customer (Дт 15 000,00 and Кт 10 000,00, not 5 000,00), Дт = Кт in every pair of totals', async () => {
    const jan = await sheet(JAN);
    expect(sheetRows(jan.items)).toEqual([
      ['41', 12_000_000, 0, 0, 0, 12_000_000, 0],
      ['44', 0, 0, 3_000_000, 0, 3_000_000, 0],
      // 500 000,00 + 45 000,00 + 10 000,00 − 50 000,00 = 505 000,00.
      ['51', 50_000_000, 0, 5_500_000, 5_000_000, 50_500_000, 0],
      // 80 000,00 − 50 000,00 = 30 000,00 we still owe.
      ['60', 0, 8_000_000, 5_000_000, 0, 0, 3_000_000],
      // Customer 1: 60 000,00 − 45 000,00 = 15 000,00 (Дт); customer 2: 10 000,00 paid ahead (Кт).
      ['62', 6_000_000, 0, 0, 5_500_000, 1_500_000, 1_000_000],
      ['76', 0, 0, 0, 3_000_000, 0, 3_000_000],
      ['80', 0, 10_000_000, 0, 0, 0, 10_000_000],
      ['84', 0, 50_000_000, 0, 0, 0, 50_000_000],
    ]);
    // Opening 680 000,00 each; turnovers 50 000,00 + 30 000,00 + 45 000,00 + 10 000,00 = 135 000,00 each;
    // closing Дт 120 000,00 + 30 000,00 + 505 000,00 + 15 000,00 = 670 000,00, Кт 30 000,00 + 10 000,00 + 30 000,00 + 100 000,00 + 500 000,00 = 670 000,00.
    expect(jan.totals).toEqual({ opening_debit: 68_000_000, opening_credit: 68_000_000, debit: 13_500_000, credit: 13_500_000, closing_debit: 67_000_000, closing_credit: 67_000_000 });

    const bySub = await sheet({ ...JAN, detail: 'subaccounts' });
    expect(bySub.items.map((r) => r.account_code)).toEqual(['41.01', '44.01', '51', '60.01', '62.01', '76.05', '80', '84.01']);
    expect(bySub.totals).toEqual(jan.totals);
  });

  test('ОСВ по счёту: 62 by customer, 41 with quantities', async () => {
    const s62 = await report(api, 'account_turnover_sheet', { account: acc['62'], ...JAN, organization: id.org });
    expect(s62.items.map((r) => [r.account_code, r.subconto_name, r.opening_debit, r.credit, r.closing_debit, r.closing_credit])).toEqual([
      ['62.01', 'ООО «Второй покупатель»', 0, 1_000_000, 0, 1_000_000],
      ['62.01', 'ООО «Покупатель»', 6_000_000, 4_500_000, 1_500_000, 0],
    ]);
    const s41 = await report(api, 'account_turnover_sheet', { account: acc['41'], ...JAN, organization: id.org });
    expect(s41.items).toEqual([
      expect.objectContaining({ account_code: '41.01', subconto_name: 'Чайник', opening_debit: 12_000_000, closing_debit: 12_000_000, opening_quantity: '100.000', closing_quantity: '100.000' }),
    ]);
  });

  test('карточка счёта 51: the opening balance, each entry with its correspondent account, the running balance', async () => {
    const card = await report(api, 'account_card', { account: acc['51'], ...JAN, organization: id.org });
    // Thousands are grouped with a no-break space, as everywhere in WorkCloud's money.
    expect(card.items.map((r) => [r.date, r.corr_account ?? '', r.debit ?? null, r.credit ?? null, r.balance_text.replace(/\u00a0/g, ' ')])).toEqual([
      ['2026-01-01', '', null, null, 'Д 500 000,00'],
      ['2026-01-20', '60.01', 0, 5_000_000, 'Д 450 000,00'],
      ['2026-01-25', '62.01', 4_500_000, 0, 'Д 495 000,00'],
      ['2026-01-28', '62.01', 1_000_000, 0, 'Д 505 000,00'],
    ]);
    expect(card.items[1]).toMatchObject({ document: 'Операция (бухгалтерский и налоговый учёт) ОП-000001 от 20.01.2026', content: 'Оплата поставщику', corr_analytics: 'ООО «Поставщик», Договор поставки 7' });
    // Turnovers: Дт 55 000,00, Кт 50 000,00.
    expect(card.totals).toEqual({ debit: 5_500_000, credit: 5_000_000 });
  });

  test('журнал проводок: Дт/Кт pairs with analytics; one document’s entries alone', async () => {
    const all = await report(api, 'entries_journal', { ...JAN, organization: id.org });
    expect(all.items.map((r) => [r.date, r.debit_account, r.credit_account, r.amount])).toEqual([
      ['2026-01-20', '60.01', '51', 5_000_000],
      ['2026-01-20', '44.01', '76.05', 3_000_000],
      ['2026-01-25', '51', '62.01', 4_500_000],
      ['2026-01-28', '51', '62.01', 1_000_000],
    ]);
    expect(all.items[1]).toMatchObject({ debit_analytics: 'Аренда', credit_analytics: 'ООО «Арендодатель»', content: 'Аренда за январь', entry_no: 2 });
    expect(all.totals.amount).toBe(13_500_000);
    const one = await report(api, 'entries_journal', { ...JAN, document: docs.op1.id });
    expect(one.items.map((r) => r.entry_no)).toEqual([1, 2]);
    const on44 = await report(api, 'entries_journal', { ...JAN, account: acc['44'] });
    expect(on44.items.map((r) => r.amount)).toEqual([3_000_000]);
  });

  test('cancelling writes storno: the ОСВ, the card and the journal lose the entry; posting again brings it back once', async () => {
    const before = await sheet(JAN);
    expect((await api.post(`/api/accounting/documents/operation/${docs.op3.id}/cancel`)).status).toBe(200);
    const cancelled = await sheet(JAN);
    // Without the 10 000,00 advance: 51 closes at 495 000,00, 62 at Дт 15 000,00 only.
    expect(sheetRows(cancelled.items).find((r) => r[0] === '62')).toEqual(['62', 6_000_000, 0, 0, 4_500_000, 1_500_000, 0]);
    expect(cancelled.totals).toEqual({ opening_debit: 68_000_000, opening_credit: 68_000_000, debit: 12_500_000, credit: 12_500_000, closing_debit: 66_000_000, closing_credit: 66_000_000 });
    expect((await report(api, 'entries_journal', { ...JAN, document: docs.op3.id })).items).toEqual([]);
    // The movements are kept: the original rows and their storno.
    const moves = await api.get(`/api/accounting/documents/operation/${docs.op3.id}/movements`);
    expect(moves.status).toBe(200);

    expect((await api.post(`/api/accounting/documents/operation/${docs.op3.id}/post`)).status).toBe(200);
    expect(await sheet(JAN)).toEqual(before);
    expect((await report(api, 'entries_journal', { ...JAN, document: docs.op3.id })).items).toHaveLength(1);
  });
});

describe('what does not fit the accounts is refused, naming the line', () => {
  const op = (line: Record<string, unknown>) => api.post('/api/accounting/documents/operation?post=true', { organization: id.org, date: '2026-01-30', lines: [line] });

  test('a subconto the account does not keep', async () => {
    const res = await op({ dt_account: acc['44.01'], dt_subconto1: id.rent, dt_subconto2: id.supplier, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 100 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ detail: 'Строка 1, Дт: у счёта 44.01 нет субконто 2 (его субконто: Статьи затрат) — очистите это поле.', field: 'lines.0.dt_subconto2' });
  });

  test('an item of another catalog where the account wants a counterparty', async () => {
    const res = await op({ dt_account: acc['60.01'], dt_subconto1: id.kettle, kt_account: acc['51'], kt_subconto1: BANK, amount: 100 });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('Строка 1, Дт: субконто 1 счёта 60.01: в справочнике «Контрагенты» нет такого элемента — выберите его из справочника.');
  });

  test('a quantity on an account without quantity accounting; a bank account that is not 20 digits', async () => {
    const qty = await op({ dt_account: acc['60.01'], dt_subconto1: id.supplier, dt_quantity: '2', kt_account: acc['51'], kt_subconto1: BANK, amount: 100 });
    expect(qty.status).toBe(422);
    expect(qty.body.detail).toBe('Строка 1, Дт: счёт 60.01 не ведёт количественный учёт — уберите количество.');
    const bank = await op({ dt_account: acc['60.01'], dt_subconto1: id.supplier, kt_account: acc['51'], kt_subconto1: '4070', amount: 100 });
    expect(bank.status).toBe(422);
    expect(bank.body.detail).toBe('Строка 1, Кт: субконто 1 счёта 51 («Банковские счета»): номер банковского счёта — 20 цифр.');
    // Nothing of these reached the books.
    expect((await sheet(JAN)).totals.debit).toBe(13_500_000);
  });
});

describe('the дата запрета', () => {
  test('a document dated on or before it is refused with the date named; after it, accepted; the books do not change', async () => {
    const policy = await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика ООО «Ромашка»', organization: id.org, ban_date: '2026-01-31' });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const line = { dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 3_000_000 };
    const refused = await api.post('/api/accounting/documents/operation?post=true', { organization: id.org, date: '2026-01-31', lines: [line] });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe(
      'По организации «ООО «Ромашка»» установлена дата запрета изменения данных 31.01.2026: документ от 31.01.2026 нельзя провести, отменить или изменить. Выберите дату после 31.01.2026 или измените дату запрета в «Учётной политике и дате запрета» (Бухгалтерия → Закрытие периода).',
    );
    // Re-posting, cancelling, or moving January's operation into February are refused too.
    const repost = await api.post(`/api/accounting/documents/operation/${docs.op1.id}/post`);
    expect(repost.status).toBe(422);
    expect(repost.body.detail).toContain('дата запрета изменения данных 31.01.2026');
    const cancel = await api.post(`/api/accounting/documents/operation/${docs.op1.id}/cancel`);
    expect(cancel.status).toBe(422);
    expect(cancel.body.detail).toContain('нельзя провести, отменить или изменить');
    const moved = await api.patch(`/api/accounting/documents/operation/${docs.op1.id}`, { date: '2026-02-02' });
    expect(moved.status).toBe(422);
    expect((await api.get(`/api/accounting/documents/operation/${docs.op1.id}`)).body).toMatchObject({ status: 'posted' });
    expect((await sheet(JAN)).totals.debit).toBe(13_500_000);

    const feb = await postAccounting(api, 'operation', { organization: id.org, date: '2026-02-01', lines: [line] });
    expect(feb.status).toBe('posted');
  });
});

describe('totals stay few', () => {
  test('three sales documents of one customer: three keys in the totals of every subconto, one in the totals by account the ОСВ reads', async () => {
    const docsOf = ['1c0c0a51-0000-4000-8000-000000000001', '1c0c0a51-0000-4000-8000-000000000002', '1c0c0a51-0000-4000-8000-000000000003'];
    const op = await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-02-10',
      lines: docsOf.map((d) => ({ dt_account: acc['62.01'], dt_subconto1: id.customer, dt_subconto2: id.saleContract, dt_subconto3: d, kt_account: acc['90.01.1'], amount: 10_000 })),
    });
    const schema = await schemaOf(stack, tenantId);
    const count = async (table: string) => Number((await stack.db.knex(`${schema}.${table}`).where({ month: '2026-02-01', account: acc['62.01'] }).count('* as n'))[0].n);
    expect(await count('r_accounting_entries__totals')).toBe(3);
    expect(await count('r_accounting_by_account__totals')).toBe(1);
    // The ОСВ по счёту 62 for February: the customer's 15 000,00 at the start, 3 × 100,00 more.
    const s62 = await report(api, 'account_turnover_sheet', { account: acc['62'], from: '2026-02-01', to: '2026-02-28', organization: id.org });
    expect(s62.items.find((r) => r.subconto_name === 'ООО «Покупатель»')).toMatchObject({ opening_debit: 1_500_000, debit: 30_000, closing_debit: 1_530_000 });
    expect(op.status).toBe('posted');
  });
});
