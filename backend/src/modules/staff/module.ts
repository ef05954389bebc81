import { defineModule } from '../../platform/modules/define-module';
import { employees } from './catalogs/employees';
import { departments, positions } from './catalogs/organization-structure';
import { productionCalendar, seedProductionCalendar } from './catalogs/production-calendar';
import { sickLeaves, vacations } from './documents/absences';
import { dismissals, hirings, transfers } from './documents/hr-orders';
import { payrolls, salaryPayments } from './documents/payroll';
import { staffingTable, timesheets } from './documents/time-and-staffing';
import { PayrollFillController } from './payroll/fill.controller';
import { PayrollRecomputeController } from './payroll/recompute.controller';
import { staffRegisters } from './registers';
import { PayslipsController } from './reports/payslips.controller';
import { SalaryProjectController } from './reports/salary-project.controller';
import { staffingOnDate } from './reports/staffing-report';
import { vacationBalances } from './reports/vacation-balances';
import { ndfl6, rsv } from './reports/tax-reports';
import { efs1Events } from './reports/efs1';

/**
 * «Кадры и зарплата»: the organisation structure, personnel documents, payroll with НДФЛ and contributions,
 * payslips, 6-НДФЛ and РСВ figures. Works alone; when the company also has «Бухгалтерия», accounting posts
 * the payroll and the payments (its staff-postings.ts hooks these documents) — neither imports the other.
 */
export const staffModule = defineModule({
  code: 'staff',
  title: 'Кадры и зарплата',
  titleEn: 'HR and payroll',
  description: 'Структура, сотрудники, кадровые документы, зарплата, НДФЛ и взносы',
  descriptionEn: 'Organisation structure, employees, HR documents, payroll, personal income tax and contributions',
  monthlyPriceKopecks: 150000,
  // Documents belong to trade's organizations.
  depends: ['trade'],
  worksWith: ['accounting'],
  menuGroups: [
    { code: 'people', title: 'Сотрудники', titleEn: 'People' },
    { code: 'hr', title: 'Кадровые документы', titleEn: 'HR documents' },
    { code: 'payroll', title: 'Зарплата', titleEn: 'Payroll' },
    { code: 'structure', title: 'Структура', titleEn: 'Structure' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
    { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
  ],
  declarations: [
    employees,
    departments,
    positions,
    productionCalendar,
    staffingTable,
    hirings,
    transfers,
    dismissals,
    vacations,
    sickLeaves,
    timesheets,
    payrolls,
    salaryPayments,
    ...staffRegisters,
    staffingOnDate,
    vacationBalances,
    ndfl6,
    rsv,
    efs1Events,
  ],
  controllers: [PayslipsController, PayrollFillController, PayrollRecomputeController, SalaryProjectController],
  // «Перезаполнить» on a posted payroll: it and the later months an earlier change marked are computed anew.
  documentActions: {
    'staff.payrolls': [{ code: 'recompute', title: 'Перезаполнить', titleEn: 'Recompute', route: '/api/staff/payrolls/recompute', statuses: ['posted'], can: ['update', 'staff.payrolls'] }],
  },
  ui: { remote: 'engine' },
  seed: seedProductionCalendar,
});
