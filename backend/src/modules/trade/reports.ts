import { addDays } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { defineReport, type ReportDeclaration } from '../../platform/engine/declarations';
import { settlementDocumentsSql } from './allocation';

const date = (title: string) => ({ type: 'date', title, required: true }) as const;
const organization = { type: 'ref', ref: 'organizations', title: 'Организация' } as const;
const warehouse = { type: 'ref', ref: 'warehouses', title: 'Склад' } as const;
const access: ReportDeclaration['defaultAccess'] = { accountant: ['read'], sales_manager: ['read'], storekeeper: ['read'] };
const dayBefore = (iso: string) => addDays(iso, -1);

export const stockBalance = defineReport({
  module: 'trade',
  code: 'stock_balance',
  group: 'reports',
  title: 'Остатки товаров',
  titleEn: 'Stock on hand',
  params: { date: date('На дату'), organization, warehouse },
  columns: [
    { field: 'warehouse_name', title: 'Склад' },
    { field: 'product_name', title: 'Номенклатура' },
    { field: 'article', title: 'Артикул' },
    { field: 'unit', title: 'Ед.' },
    { field: 'quantity', title: 'Остаток', type: 'decimal' },
    { field: 'below_min', title: 'Ниже минимума', type: 'boolean' },
  ],
  chart: { type: 'bar', x: 'product_name', y: ['quantity'] },
  query: async (q, p) => {
    const b = q.balances('stock', p.date, { organization: p.organization, warehouse: p.warehouse });
    return q.knex
      .from(b.as('b'))
      .join(`${q.table('c_trade_products')} as p`, 'p.id', 'b.product')
      .join(`${q.table('c_trade_warehouses')} as w`, 'w.id', 'b.warehouse')
      .whereRaw('b.quantity::numeric <> 0')
      .orderBy(['w.name', 'p.name'])
      .select('w.name as warehouse_name', 'p.name as product_name', 'p.article', 'p.unit_name as unit', 'b.quantity', q.knex.raw('b.quantity::numeric < p.min_stock AS below_min'));
  },
  defaultAccess: access,
});

/** Ведомость: opening + in − out = closing for each warehouse and product over the period. */
export const stockStatement = defineReport({
  module: 'trade',
  code: 'stock_statement',
  group: 'reports',
  title: 'Ведомость по товарам на складах',
  titleEn: 'Stock statement',
  params: { from: date('Начало периода'), to: date('Конец периода'), organization, warehouse },
  columns: [
    { field: 'warehouse_name', title: 'Склад' },
    { field: 'product_name', title: 'Номенклатура' },
    { field: 'opening', title: 'Начальный остаток', type: 'decimal' },
    { field: 'receipt', title: 'Приход', type: 'decimal' },
    { field: 'expense', title: 'Расход', type: 'decimal' },
    { field: 'closing', title: 'Конечный остаток', type: 'decimal' },
  ],
  query: async (q, p) => {
    const k = q.knex;
    const filter = (qb: ReturnType<typeof k.queryBuilder>) => {
      if (p.organization) qb.where('organization', p.organization);
      if (p.warehouse) qb.where('warehouse', p.warehouse);
      return qb;
    };
    const opening = q.balances('stock', dayBefore(p.from), { organization: p.organization, warehouse: p.warehouse }).clearSelect().select('warehouse', 'product', k.raw('sum(quantity) AS opening'), k.raw('0 AS receipt'), k.raw('0 AS expense'));
    // Storno rows carry the negated quantity with the original direction, so they cancel within their column.
    const moves = filter(k(q.table('r_trade_stock')).whereBetween('period', [p.from, p.to])).select(
      'warehouse',
      'product',
      k.raw('0 AS opening'),
      k.raw('CASE WHEN direction = 1 THEN quantity ELSE 0 END AS receipt'),
      k.raw('CASE WHEN direction = -1 THEN quantity ELSE 0 END AS expense'),
    );
    const rows = await k
      .from(k.raw(`(${opening.toQuery()} UNION ALL ${moves.toQuery()}) AS m`))
      .join(`${q.table('c_trade_products')} as p`, 'p.id', 'm.product')
      .join(`${q.table('c_trade_warehouses')} as w`, 'w.id', 'm.warehouse')
      .groupBy('w.name', 'p.name')
      .orderBy(['w.name', 'p.name'])
      .select('w.name as warehouse_name', 'p.name as product_name', k.raw('sum(opening)::text AS opening'), k.raw('sum(receipt)::text AS receipt'), k.raw('sum(expense)::text AS expense'));
    return rows
      .map((r: Record<string, string>) => ({ ...r, closing: new Decimal(r.opening).plus(r.receipt).minus(r.expense).toFixed() }))
      .filter((r: Record<string, string>) => [r.opening, r.receipt, r.expense].some((v) => !new Decimal(v).isZero()));
  },
  defaultAccess: access,
});

export const salesReport = defineReport({
  module: 'trade',
  // Not `sales`: that is the register's code, and the engine wants one code per module.
  code: 'sales_analysis',
  group: 'reports',
  title: 'Продажи',
  titleEn: 'Sales',
  params: { from: date('Начало периода'), to: date('Конец периода'), organization, counterparty: { type: 'ref', ref: 'counterparties', title: 'Покупатель' } },
  columns: [
    { field: 'counterparty_name', title: 'Покупатель' },
    { field: 'product_name', title: 'Номенклатура' },
    { field: 'manager_name', title: 'Менеджер' },
    { field: 'quantity', title: 'Количество', type: 'decimal' },
    { field: 'revenue', title: 'Выручка без НДС', type: 'money' },
    { field: 'vat', title: 'НДС', type: 'money' },
    { field: 'cost', title: 'Себестоимость', type: 'money' },
    { field: 'margin', title: 'Валовая прибыль', type: 'money' },
  ],
  groupBy: ['counterparty_name', 'product_name', 'manager_name'],
  chart: { type: 'bar', x: 'counterparty_name', y: ['revenue', 'margin'] },
  query: async (q, p) => {
    const k = q.knex;
    const s = k(`${q.table('r_trade_sales')} as s`)
      .join(`${q.table('c_trade_counterparties')} as c`, 'c.id', 's.counterparty')
      .join(`${q.table('c_trade_products')} as p`, 'p.id', 's.product')
      .joinRaw('LEFT JOIN platform.users AS u ON u.id::text = s.manager')
      .whereBetween('s.period', [p.from, p.to])
      .groupBy('c.name', 'p.name', 'u.full_name')
      .havingRaw('sum(s.direction * s.quantity) <> 0 OR sum(s.direction * s.revenue) <> 0')
      .orderBy(['c.name', 'p.name'])
      .select(
        'c.name as counterparty_name',
        'p.name as product_name',
        k.raw(`coalesce(u.full_name, '') AS manager_name`),
        k.raw('sum(s.direction * s.quantity)::text AS quantity'),
        k.raw('sum(s.direction * s.revenue)::bigint AS revenue'),
        k.raw('sum(s.direction * s.vat)::bigint AS vat'),
        k.raw('sum(s.direction * s.cost)::bigint AS cost'),
        k.raw('sum(s.direction * (s.revenue - s.cost))::bigint AS margin'),
      );
    if (p.organization) s.where('s.organization', p.organization);
    if (p.counterparty) s.where('s.counterparty', p.counterparty);
    return s;
  },
  defaultAccess: { accountant: ['read'], sales_manager: ['read'] },
});

/** Взаиморасчёты on a date: who owes whom, and how much of a customer's debt is past its due date. */
export const settlementsReport = defineReport({
  module: 'trade',
  code: 'debts',
  group: 'reports',
  title: 'Взаиморасчёты с контрагентами',
  titleEn: 'Receivables and payables',
  params: { date: date('На дату'), organization },
  columns: [
    { field: 'counterparty_name', title: 'Контрагент' },
    { field: 'receivable', title: 'Долг контрагента', type: 'money' },
    { field: 'payable', title: 'Наш долг', type: 'money' },
    { field: 'overdue', title: 'Просрочено', type: 'money' },
  ],
  query: async (q, p) => {
    const k = q.knex;
    const b = q.balances('settlements', p.date, { organization: p.organization });
    // Debts and advances net out per counterparty; overdue is the customer's debt on documents due before the date.
    const rows = await k
      .from(b.as('b'))
      .join(`${q.table('c_trade_counterparties')} as c`, 'c.id', 'b.counterparty')
      .leftJoin(k.raw(`(${settlementDocumentsSql((t) => q.table(t))}) AS d`), 'd.id', 'b.document')
      .groupBy('c.name')
      .orderBy('c.name')
      .select(
        'c.name as counterparty_name',
        k.raw('sum(b.amount::bigint)::bigint AS net'),
        k.raw('sum(CASE WHEN b.amount::bigint > 0 AND d.due_date < ? THEN b.amount::bigint ELSE 0 END)::bigint AS overdue', [p.date]),
      );
    return rows
      .filter((r: Record<string, string>) => Number(r.net) !== 0)
      .map((r: Record<string, string>) => {
        const net = Number(r.net);
        return { counterparty_name: r.counterparty_name, receivable: Math.max(net, 0), payable: Math.max(-net, 0), overdue: Math.min(Number(r.overdue), Math.max(net, 0)) };
      });
  },
  defaultAccess: { accountant: ['read'], sales_manager: ['read'] },
});

export const moneyFlow = defineReport({
  module: 'trade',
  code: 'money_flow',
  group: 'reports',
  title: 'Движение денежных средств',
  titleEn: 'Cash flow',
  params: { from: date('Начало периода'), to: date('Конец периода'), organization },
  columns: [
    { field: 'account', title: 'Счёт / касса' },
    { field: 'opening', title: 'Остаток на начало', type: 'money' },
    { field: 'receipt', title: 'Поступило', type: 'money' },
    { field: 'expense', title: 'Списано', type: 'money' },
    { field: 'closing', title: 'Остаток на конец', type: 'money' },
  ],
  query: async (q, p) => {
    const k = q.knex;
    const opening = q.balances('money', dayBefore(p.from), { organization: p.organization }).clearSelect().select('account', k.raw('sum(amount) AS opening'), k.raw('0 AS receipt'), k.raw('0 AS expense'));
    const moves = k(q.table('r_trade_money'))
      .whereBetween('period', [p.from, p.to])
      .modify((qb) => (p.organization ? qb.where('organization', p.organization) : qb))
      .select('account', k.raw('0 AS opening'), k.raw('CASE WHEN direction = 1 THEN amount ELSE 0 END AS receipt'), k.raw('CASE WHEN direction = -1 THEN amount ELSE 0 END AS expense'));
    const rows = await k
      .from(k.raw(`(${opening.toQuery()} UNION ALL ${moves.toQuery()}) AS m`))
      .joinRaw(`LEFT JOIN ${q.table('c_trade_cash_desks')} AS cd ON cd.id::text = m.account`)
      .groupBy('m.account', 'cd.name')
      .orderByRaw('1')
      .select(k.raw('coalesce(cd.name, m.account) AS account'), k.raw('sum(opening)::bigint AS opening'), k.raw('sum(receipt)::bigint AS receipt'), k.raw('sum(expense)::bigint AS expense'));
    return rows.map((r: Record<string, string>) => ({ ...r, closing: Number(r.opening) + Number(r.receipt) - Number(r.expense) }));
  },
  defaultAccess: { accountant: ['read'] },
});

export const tradeReports = [stockBalance, stockStatement, salesReport, settlementsReport, moneyFlow];
