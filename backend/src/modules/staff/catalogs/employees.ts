import { defineCatalog } from '../../../platform/engine/declarations';
import { accountantKeeps, organization } from '../fields';
import { INSURANCE_RECORDS } from '../payroll/rules-2026';

/** Where a person's pay is a cost (1C «Способ отражения зарплаты»): the debit of the accrual entries. */
export const COST_ACCOUNTS = { '44.01': '44.01 Издержки обращения', '26': '26 Общехозяйственные расходы', '20.01': '20.01 Основное производство' };

/**
 * Сотрудники: the personal card. Passport, СНИЛС, ИНН, address and the salary account are personal data
 * (`personal: true`): stored encrypted, shown masked to roles without «Персональные данные». `user_id` links a
 * WorkCloud user, who then sees their own payslips.
 */
export const employees = defineCatalog({
  code: 'employees',
  group: 'people',
  title: 'Сотрудники',
  titleEn: 'Employees',
  fields: {
    organization,
    birth_date: { type: 'date', title: 'Дата рождения' },
    inn: { type: 'inn', title: 'ИНН', personal: true, list: false },
    snils: { type: 'string', title: 'СНИЛС', maxLength: 14, personal: true, list: false },
    passport: { type: 'string', title: 'Паспорт', maxLength: 40, personal: true, list: false },
    address: { type: 'text', title: 'Адрес', personal: true },
    bank_bik: { type: 'bik', title: 'БИК банка для зарплаты', list: false },
    bank_account: { type: 'account', title: 'Счёт для зарплаты', bikField: 'bank_bik', personal: true, list: false },
    phone: { type: 'phone', title: 'Телефон', list: false },
    email: { type: 'email', title: 'E-mail', list: false },
    children: { type: 'integer', title: 'Детей (стандартный вычет)', default: 0, list: false },
    insurance_record: { type: 'enum', title: 'Страховой стаж (больничный)', values: INSURANCE_RECORDS, default: 'over_8', list: false },
    cost_account: { type: 'enum', title: 'Счёт затрат', values: COST_ACCOUNTS, default: '44.01' },
    user_id: { type: 'string', title: 'Пользователь WorkCloud (id)', maxLength: 36, list: false },
  },
  defaultAccess: accountantKeeps,
});
