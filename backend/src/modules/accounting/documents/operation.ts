import { sumKopecks } from '@workcloud/shared-core';
import { defineDocument } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { accountantDocuments, account, comment, organization, quantity, subconto } from '../fields';
import { Journal } from '../journal';
import { typedSides } from '../manual-sides';

interface OperationLine {
  line_no: number;
  dt_account: string;
  dt_subconto1?: string | null;
  dt_subconto2?: string | null;
  dt_subconto3?: string | null;
  dt_quantity?: string | null;
  kt_account: string;
  kt_subconto1?: string | null;
  kt_subconto2?: string | null;
  kt_subconto3?: string | null;
  kt_quantity?: string | null;
  amount: number;
  content?: string | null;
}

/**
 * Операция (бухгалтерский и налоговый учёт): entries typed by the accountant, line by line — Дт account
 * with its subconto and quantity, Кт account with its, the amount and the content. Posting checks that
 * every subconto fits its account's analytics and refuses a date on or before the дата запрета.
 */
export const operation = defineDocument({
  code: 'operation',
  group: 'operations',
  title: 'Операция (бухгалтерский и налоговый учёт)',
  titleEn: 'Manual accounting entry',
  numberPrefix: 'ОП',
  numberBy: 'organization',
  fields: {
    organization,
    content: { type: 'string', title: 'Содержание', maxLength: 500, search: true },
    amount: { type: 'money', title: 'Сумма операции', computed: true },
    comment,
  },
  sections: {
    lines: {
      title: 'Проводки',
      fields: {
        dt_account: account('Счёт Дт'),
        dt_subconto1: subconto('Субконто Дт 1'),
        dt_subconto2: subconto('Субконто Дт 2'),
        dt_subconto3: subconto('Субконто Дт 3'),
        dt_quantity: quantity('Количество Дт'),
        kt_account: account('Счёт Кт'),
        kt_subconto1: subconto('Субконто Кт 1'),
        kt_subconto2: subconto('Субконто Кт 2'),
        kt_subconto3: subconto('Субконто Кт 3'),
        kt_quantity: quantity('Количество Кт'),
        amount: { type: 'money', title: 'Сумма', required: true },
        content: { type: 'string', title: 'Содержание проводки', maxLength: 500 },
      },
    },
  },
  compute: (doc) => {
    doc.amount = sumKopecks(((doc.lines ?? []) as OperationLine[]).map((l) => l.amount));
  },
  post: async (doc, ctx) => {
    const journal = await Journal.open(ctx, doc.organization);
    const lines = (doc.lines ?? []) as OperationLine[];
    const sides = await typedSides(
      ctx,
      journal,
      lines.flatMap((l, i) =>
        (['dt', 'kt'] as const).map((s) => ({
          field: `lines.${i}.${s}_`,
          label: `Строка ${i + 1}, ${s === 'dt' ? 'Дт' : 'Кт'}`,
          account: l[`${s}_account`],
          subconto: [l[`${s}_subconto1`], l[`${s}_subconto2`], l[`${s}_subconto3`]],
          quantity: l[`${s}_quantity`],
        })),
      ),
    );
    if (!lines.length) throw Problem.unprocessable('Добавьте в операцию хотя бы одну проводку.');
    lines.forEach((l, i) => {
      if (l.amount === 0 && !l.dt_quantity && !l.kt_quantity) throw Problem.unprocessable(`Строка ${i + 1}: укажите сумму проводки (или количество).`, { field: `lines.${i}.amount` });
      journal.add({ debit: sides[2 * i], credit: sides[2 * i + 1], amount: l.amount, content: l.content || doc.content || '' });
    });
    return journal.movements();
  },
  defaultAccess: accountantDocuments,
});
