import { defineCatalog } from '../../../src/platform/engine/declarations';

/** Справочник «Проекты»: what the company's people work on, for which customer, at which rate. */
export const projects = defineCatalog({
  code: 'projects',
  group: 'work',
  title: 'Проекты',
  titleEn: 'Projects',
  fields: {
    // A catalog of another module is named «module.code»; module.ts lists that module in `depends`.
    customer: { type: 'ref', ref: 'trade.counterparties', title: 'Заказчик', required: true },
    status: { type: 'enum', title: 'Состояние', values: { active: 'В работе', done: 'Завершён' }, default: 'active' },
    hourly_rate: { type: 'money', title: 'Ставка в час' },
    description: { type: 'text', title: 'Описание', search: true },
  },
  defaultAccess: { accountant: ['read'], sales_manager: ['read', 'create', 'update'] },
});
