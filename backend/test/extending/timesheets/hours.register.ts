import { defineRegister } from '../../../src/platform/engine/declarations';

/** Регистр «Трудозатраты»: hours spent and their cost, by project, customer and person, day by day. */
export const hours = defineRegister({
  code: 'hours',
  title: 'Трудозатраты',
  titleEn: 'Hours spent',
  // A balance register: besides the turnover of a period it answers "how much so far" on any date.
  type: 'balance',
  dimensions: {
    project: { type: 'ref', ref: 'projects', title: 'Проект' },
    customer: { type: 'ref', ref: 'trade.counterparties', title: 'Заказчик' },
    person: { type: 'string', title: 'Сотрудник' },
  },
  resources: {
    hours: { type: 'decimal', title: 'Часы', scale: 2 },
    cost: { type: 'money', title: 'Стоимость' },
  },
  defaultAccess: { accountant: ['read'] },
});
