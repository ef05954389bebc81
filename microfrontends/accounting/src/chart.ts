import { useEngineReportQuery } from '@workcloud/shared-ui';
import { useMemo } from 'react';

/** An account as the chart report gives it: analytics and quantity accounting as postings see them (inherited). */
export interface ChartAccount {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** Виды субконто in order (counterparty, contract, product…), up to three. */
  subconto: string[];
  analytics: string;
  quantity: boolean;
  /** False for an account with sub-accounts: it takes no entries. */
  postable: boolean;
}

/** The tenant's chart of accounts (report `chart_of_accounts`), by id and by number. */
export function useChart() {
  const { data, error, refetch } = useEngineReportQuery({ module: 'accounting', code: 'chart_of_accounts', params: {} });
  return useMemo(() => {
    const accounts = (data?.items ?? []) as unknown as ChartAccount[];
    return { accounts, byId: new Map(accounts.map((a) => [a.id, a])), byCode: new Map(accounts.map((a) => [a.code, a])), loaded: !!data, error, refetch };
  }, [data, error, refetch]);
}

/** Where the values of a kind of subconto are picked from: a catalog (`module.code`), or typed (bank account, budget payment). */
export const SUBCONTO_REF: Record<string, string> = {
  counterparty: 'trade.counterparties',
  contract: 'trade.contracts',
  product: 'trade.products',
  warehouse: 'trade.warehouses',
  cost_item: 'accounting.cost_items',
  income_expense_item: 'accounting.income_expense_items',
  cash_flow_item: 'accounting.cash_flow_items',
  employee: 'accounting.employees',
};

export const SUBCONTO_TITLES: Record<string, { ru: string; en: string }> = {
  counterparty: { ru: 'Контрагент', en: 'Counterparty' },
  contract: { ru: 'Договор', en: 'Contract' },
  settlement_document: { ru: 'Документ расчётов', en: 'Settlement document' },
  product: { ru: 'Номенклатура', en: 'Product' },
  warehouse: { ru: 'Склад', en: 'Warehouse' },
  cost_item: { ru: 'Статья затрат', en: 'Cost item' },
  income_expense_item: { ru: 'Прочие доходы и расходы', en: 'Other income/expense item' },
  cash_flow_item: { ru: 'Статья ДДС', en: 'Cash flow item' },
  bank_account: { ru: 'Банковский счёт', en: 'Bank account' },
  employee: { ru: 'Работник', en: 'Employee' },
  budget_payment: { ru: 'Вид платежа в бюджет', en: 'Budget payment kind' },
};

export const BUDGET_PAYMENTS = { tax: 'Налог (взносы)', penalty: 'Пени', fine: 'Штрафы' };
