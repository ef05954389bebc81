import Decimal from 'decimal.js';
import { defineReport, type ReportQueryContext } from '../../../platform/engine/declarations';
import { accountantKeeps } from '../fields';

const params = {
  organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
  from: { type: 'date', title: 'С', required: true },
  to: { type: 'date', title: 'По', required: true },
} as const;

const columns = [
  { field: 'line', title: 'Строка' },
  { field: 'title', title: 'Показатель' },
  { field: 'amount', title: 'Сумма', type: 'money' as const },
  { field: 'persons', title: 'Человек', type: 'integer' as const },
];

const RESOURCES = ['accrued', 'sick_pay', 'deductions', 'ndfl', 'income_above_13', 'ndfl_above_13', 'contribution_base', 'contributions', 'injury'];

/**
 * Sums of the payroll register over the months of a period (by the month accrued), and the number of people
 * with income in it — by person first, so a cancelled payroll (its storno rows) counts nobody.
 */
async function figures(q: ReportQueryContext, p: Record<string, any>) {
  const people: Record<string, string>[] = await q
    .knex(q.table('r_staff_payroll'))
    .where({ organization: p.organization })
    .whereBetween('pay_month', [p.from, p.to])
    .groupBy('employee')
    .select('employee', ...RESOURCES.map((r) => q.knex.raw('coalesce(sum(direction * ??), 0)::text as ??', [r, r])));
  const n = (k: string) => people.reduce((sum, r) => sum.plus(r[k]), new Decimal(0)).toNumber();
  return {
    accrued: n('accrued'), sick: n('sick_pay'), deductions: n('deductions'), ndfl: n('ndfl'), incomeAbove13: n('income_above_13'), ndflAbove13: n('ndfl_above_13'),
    base: n('contribution_base'), contributions: n('contributions'), injury: n('injury'), persons: people.filter((r) => !new Decimal(r.accrued).isZero()).length,
  };
}

/**
 * 6-НДФЛ, раздел 2: income, deductions, tax computed and withheld, the number of people, for the months of the
 * period — in total, and split by rate as the form fills раздел 2 per rate: 13 %, and the base beyond 2,4 млн ₽
 * (15 % and the higher rates together here). Tax is withheld at accrual, so стр. 160 = стр. 140.
 */
export const ndfl6 = defineReport({
  code: 'ndfl_6',
  group: 'reports',
  title: '6-НДФЛ (показатели)',
  titleEn: '6-NDFL figures',
  params,
  columns,
  query: async (q, p) => {
    const f = await figures(q, p);
    return [
      { line: '110', title: 'Сумма дохода, начисленного физическим лицам', amount: f.accrued, persons: null },
      { line: '112', title: 'в том числе по трудовым договорам', amount: f.accrued, persons: null },
      { line: '120', title: 'Количество физических лиц, получивших доход', amount: null, persons: f.persons },
      { line: '130', title: 'Сумма вычетов', amount: f.deductions, persons: null },
      { line: '140', title: 'Сумма налога исчисленная', amount: f.ndfl, persons: null },
      { line: '160', title: 'Сумма налога удержанная', amount: f.ndfl, persons: null },
      { line: '13 %: 110', title: 'Ставка 13 %: сумма дохода', amount: f.accrued - f.incomeAbove13, persons: null },
      { line: '13 %: 130', title: 'Ставка 13 %: сумма вычетов', amount: f.deductions, persons: null },
      { line: '13 %: 140', title: 'Ставка 13 %: налог исчисленный', amount: f.ndfl - f.ndflAbove13, persons: null },
      { line: '15 %+: 110', title: 'Ставки 15 % и выше: доход сверх 2,4 млн ₽', amount: f.incomeAbove13, persons: null },
      { line: '15 %+: 140', title: 'Ставки 15 % и выше: налог исчисленный', amount: f.ndflAbove13, persons: null },
    ];
  },
  defaultAccess: accountantKeeps,
});

/**
 * РСВ, раздел 1: приложение 1 (the single tariff) and приложение 2 (НС и ПЗ), and the cross-check with
 * 6-НДФЛ: income of 6-НДФЛ less what is not subject to contributions (sick pay) must equal the base.
 */
export const rsv = defineReport({
  code: 'rsv',
  group: 'reports',
  title: 'РСВ (показатели) и сверка с 6-НДФЛ',
  titleEn: 'Insurance contributions report figures',
  params,
  columns,
  query: async (q, p) => {
    const f = await figures(q, p);
    const agrees = f.accrued - f.sick === f.base;
    return [
      { line: 'Прил. 1, 010', title: 'Количество застрахованных лиц', amount: null, persons: f.persons },
      { line: 'Прил. 1, 030', title: 'Сумма выплат и иных вознаграждений', amount: f.accrued, persons: null },
      { line: 'Прил. 1, 040', title: 'Суммы, не подлежащие обложению (пособия)', amount: f.sick, persons: null },
      { line: 'Прил. 1, 050', title: 'База для исчисления страховых взносов', amount: f.base, persons: null },
      { line: 'Прил. 1, 060', title: 'Исчислено страховых взносов', amount: f.contributions, persons: null },
      { line: 'Прил. 2, 060', title: 'Исчислено взносов на страхование от НС и ПЗ', amount: f.injury, persons: null },
      { line: 'Сверка', title: agrees ? '6-НДФЛ стр. 110 − пособия = база РСВ: сходится' : '6-НДФЛ стр. 110 − пособия ≠ база РСВ: проверьте начисления', amount: f.accrued - f.sick - f.base, persons: null },
    ];
  },
  defaultAccess: accountantKeeps,
});
