import { defineRegister } from '../../../src/platform/engine/declarations';

/** Регистр «Трудозатраты»: hours and their cost by project and person, per day. */
export const hours = defineRegister({
  module: 'projects',
  code: 'hours',
  title: 'Трудозатраты',
  type: 'turnover',
  dimensions: {
    project: { type: 'ref', ref: 'projects', title: 'Проект' },
    person: { type: 'string', title: 'Сотрудник' },
  },
  resources: {
    hours: { type: 'decimal', title: 'Часы', scale: 2 },
    cost: { type: 'money', title: 'Стоимость' },
  },
  defaultAccess: { accountant: ['read'] },
});
