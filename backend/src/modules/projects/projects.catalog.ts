import { defineCatalog } from '../../platform/engine/declarations';

/** Who may do what with the module's catalogs: the team works on them, the accountant reads. */
export const teamAccess = { sales_manager: ['read', 'create', 'update'], accountant: ['read'], viewer: ['read'] } as const;

/** Справочник «Роли в проектах»: the default cost of an hour (what it costs the company) and its price for the customer. */
export const roles = defineCatalog({
  code: 'roles',
  group: 'settings',
  title: 'Роли в проектах',
  titleEn: 'Project roles',
  fields: {
    cost_rate: { type: 'money', title: 'Себестоимость часа', min: 0 },
    bill_rate: { type: 'money', title: 'Ставка для заказчика', min: 0 },
  },
  defaultAccess: teamAccess,
});

/** Справочник «Исполнители»: the people who get tasks and log hours; the e-mail ties one to a WorkCloud user (the timer). */
export const people = defineCatalog({
  code: 'people',
  group: 'settings',
  title: 'Исполнители',
  titleEn: 'People',
  fields: {
    email: { type: 'email', title: 'E-mail', search: true },
    role: { type: 'ref', ref: 'roles', title: 'Роль' },
    cost_rate: { type: 'money', title: 'Себестоимость часа', min: 0 },
  },
  defaultAccess: teamAccess,
});

/** Справочник «Проекты»: for a customer of «Торговля и склад», with a manager, dates, a budget in hours and money. */
export const projects = defineCatalog({
  code: 'projects',
  group: 'work',
  title: 'Проекты',
  titleEn: 'Projects',
  fields: {
    customer: { type: 'ref', ref: 'trade.counterparties', title: 'Заказчик', required: true, search: true },
    manager: { type: 'ref', ref: 'people', title: 'Руководитель' },
    status: {
      type: 'enum',
      title: 'Состояние',
      values: { planned: 'Планируется', active: 'В работе', on_hold: 'Приостановлен', done: 'Завершён', cancelled: 'Отменён' },
      default: 'active',
    },
    start_date: { type: 'date', title: 'Начало' },
    end_date: { type: 'date', title: 'Окончание' },
    budget_hours: { type: 'decimal', title: 'Бюджет, ч', scale: 2, min: 0, list: false },
    budget_amount: { type: 'money', title: 'Бюджет, ₽', min: 0, list: false },
    billable: { type: 'boolean', title: 'Часы выставляются заказчику', default: true, list: false },
    hourly_rate: { type: 'money', title: 'Ставка проекта в час', min: 0, list: false },
    service: { type: 'ref', ref: 'trade.products', title: 'Услуга в счёте', list: false },
    contract: { type: 'ref', ref: 'trade.contracts', title: 'Договор с заказчиком', filter: { owner_id: { field: 'customer' }, kind: 'customer' }, list: false },
    description: { type: 'text', title: 'Описание', search: true },
  },
  defaultAccess: teamAccess,
});

/** Справочник «Команда проекта» (items of a project): who works on it, in which role. */
export const members = defineCatalog({
  code: 'members',
  group: 'work',
  title: 'Команда проекта',
  titleEn: 'Project team',
  owner: 'projects',
  fields: {
    person: { type: 'ref', ref: 'people', title: 'Исполнитель', required: true },
    role: { type: 'ref', ref: 'roles', title: 'Роль в проекте' },
  },
  defaultAccess: teamAccess,
});
