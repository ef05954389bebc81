import { defineCatalog } from '../../../src/platform/engine/declarations';

/** Справочник «Проекты»: what the company's people spend their hours on. */
export const projects = defineCatalog({
  module: 'projects',
  code: 'projects',
  title: 'Проекты',
  titleEn: 'Projects',
  fields: {
    customer: { type: 'string', title: 'Заказчик', search: true },
    status: { type: 'enum', title: 'Состояние', values: { active: 'В работе', done: 'Завершён' }, default: 'active' },
    hourly_rate: { type: 'money', title: 'Ставка в час' },
  },
  defaultAccess: { accountant: ['read'], sales_manager: ['read', 'create', 'update'] },
});
