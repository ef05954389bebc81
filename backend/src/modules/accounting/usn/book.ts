import { defineReport } from '../../../platform/engine/declarations';
import { tablesOf } from '../vat/books';
import { usnFigures } from './figures';
import { policyObject } from './policy';
import { yearOf, yearParams } from './tax';

/**
 * Книга учёта доходов и расходов (КУДиР), раздел I (приказ Минфина № 135н): each доход and расход of the year in
 * date order — графы 1–5: №, date and number of the document, content, доходы, расходы (only on «доходы минус
 * расходы»); the totals are the year's. The quarters' running totals are the tax report's (`usn_tax`).
 */
export const usnBook = defineReport({
  code: 'usn_book',
  group: 'usn',
  title: 'Книга учёта доходов и расходов (УСН)',
  titleEn: 'Simplified tax income and expense book',
  params: yearParams,
  columns: [
    { field: 'no', title: '№ п/п (гр. 1)' },
    { field: 'date', title: 'Дата (гр. 2)', type: 'date' },
    { field: 'document', title: 'Первичный документ (гр. 2)' },
    { field: 'content', title: 'Содержание операции (гр. 3)' },
    { field: 'income', title: 'Доходы (гр. 4)', type: 'money' },
    { field: 'expense', title: 'Расходы (гр. 5)', type: 'money' },
  ],
  query: async (q, p) => {
    const year = yearOf(p);
    const t = tablesOf(q);
    const object = await policyObject(t, p.organization);
    const { rows } = await usnFigures(t, p.organization, year, object === 'income_minus_expenses');
    return rows.map((r, i) => ({ no: i + 1, ...r }));
  },
  defaultAccess: { accountant: ['read'] },
});
