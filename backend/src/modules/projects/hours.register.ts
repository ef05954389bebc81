import { defineRegister } from '../../platform/engine/declarations';

/** Регистр «Трудозатраты»: approved hours, their cost and the amount to bill, by project, person and task. */
export const hours = defineRegister({
  code: 'hours',
  title: 'Трудозатраты',
  titleEn: 'Hours spent',
  type: 'turnover',
  dimensions: {
    project: { type: 'ref', ref: 'projects', title: 'Проект' },
    person: { type: 'ref', ref: 'people', title: 'Исполнитель' },
    task: { type: 'ref', ref: 'tasks', title: 'Задача' },
  },
  resources: {
    hours: { type: 'decimal', title: 'Часы', scale: 2 },
    cost: { type: 'money', title: 'Себестоимость' },
    amount: { type: 'money', title: 'К выставлению' },
  },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'] },
});

/**
 * Регистр «Часы к выставлению»: approved billable hours of each timesheet not yet billed. An approved timesheet
 * adds them, «Счёт по часам» takes them away; a balance never goes negative, so hours are never billed twice.
 */
export const unbilled = defineRegister({
  code: 'unbilled',
  title: 'Часы к выставлению',
  titleEn: 'Hours to bill',
  type: 'balance',
  dimensions: {
    project: { type: 'ref', ref: 'projects', title: 'Проект' },
    timesheet: { type: 'ref', ref: 'timesheets', title: 'Табель' },
    rate: { type: 'money', title: 'Ставка в час' },
  },
  resources: {
    hours: { type: 'decimal', title: 'Часы', scale: 2 },
  },
  forbidNegative: { resources: ['hours'] },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'] },
});
