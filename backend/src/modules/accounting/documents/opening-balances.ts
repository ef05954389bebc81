import { sumKopecks } from '@workcloud/shared-core';
import { defineDocument } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { accountantDocuments, account, comment, organization, quantity, subconto } from '../fields';
import { Journal } from '../journal';
import { typedSides } from '../manual-sides';

interface BalanceLine {
  account: string;
  subconto1?: string | null;
  subconto2?: string | null;
  subconto3?: string | null;
  debit?: number | null;
  credit?: number | null;
  quantity?: string | null;
}

/** The auxiliary account opening balances are entered against: its balance is zero when they agree (Дт = Кт). */
export const AUXILIARY = '000';

/**
 * Ввод остатков: the balances an organization starts with on the books, line by line — account, subconto,
 * a debit or a credit balance and the quantity. Each line is an entry against 000 «Вспомогательный»
 * (Дт account Кт 000 for a debit balance, Дт 000 Кт account for a credit one); when the balances entered
 * agree, 000 is left with nothing. Usually dated the day before accounting starts (31.12 of the year before).
 */
export const openingBalances = defineDocument({
  code: 'opening_balances',
  group: 'operations',
  title: 'Ввод остатков',
  titleEn: 'Opening balances',
  numberPrefix: 'ВО',
  numberBy: 'organization',
  fields: {
    organization,
    debit: { type: 'money', title: 'Итого Дт', computed: true },
    credit: { type: 'money', title: 'Итого Кт', computed: true },
    comment,
  },
  sections: {
    lines: {
      title: 'Остатки',
      fields: {
        account: account('Счёт'),
        subconto1: subconto('Субконто 1'),
        subconto2: subconto('Субконто 2'),
        subconto3: subconto('Субконто 3'),
        debit: { type: 'money', title: 'Остаток Дт' },
        credit: { type: 'money', title: 'Остаток Кт' },
        quantity: quantity('Количество'),
      },
    },
  },
  compute: (doc) => {
    const lines = (doc.lines ?? []) as BalanceLine[];
    doc.debit = sumKopecks(lines.map((l) => l.debit));
    doc.credit = sumKopecks(lines.map((l) => l.credit));
  },
  post: async (doc, ctx) => {
    const journal = await Journal.open(ctx, doc.organization);
    const lines = (doc.lines ?? []) as BalanceLine[];
    if (!lines.length) throw Problem.unprocessable('Добавьте остатки: хотя бы одну строку со счётом и суммой.');
    lines.forEach((l, i) => {
      if (l.debit && l.credit) throw Problem.unprocessable(`Строка ${i + 1}: остаток бывает либо дебетовый, либо кредитовый — оставьте одну из сумм.`, { field: `lines.${i}.credit` });
      if (!l.debit && !l.credit && !l.quantity) throw Problem.unprocessable(`Строка ${i + 1}: укажите остаток по дебету или по кредиту.`, { field: `lines.${i}.debit` });
    });
    const sides = await typedSides(
      ctx,
      journal,
      lines.map((l, i) => ({ field: `lines.${i}.`, label: `Строка ${i + 1}`, account: l.account, subconto: [l.subconto1, l.subconto2, l.subconto3], quantity: l.quantity })),
    );
    const auxiliary = journal.side(AUXILIARY);
    lines.forEach((l, i) => {
      const content = 'Ввод начальных остатков';
      if (l.credit) journal.add({ debit: auxiliary, credit: sides[i], amount: l.credit, content });
      else journal.add({ debit: sides[i], credit: auxiliary, amount: l.debit ?? 0, content });
    });
    return journal.movements();
  },
  defaultAccess: accountantDocuments,
});
