import { describe, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { defineDocument, type FormAction } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';

/**
 * A document's `formActions` (a form button that fills a table from the module's own route) are checked at
 * start: a route outside the module, a header field or a table that does not exist stop the start with a
 * Russian message naming the declaration and its file.
 */
const works = (action: Partial<FormAction>) =>
  defineModule({
    code: 'works',
    title: 'Работы',
    titleEn: 'Works',
    description: 'Проба formActions',
    monthlyPriceKopecks: 0,
    declarations: [
      defineDocument({
        code: 'acts',
        title: 'Акт работ',
        numberPrefix: 'АР',
        fields: { customer: { type: 'string', title: 'Заказчик', required: true }, total: { type: 'money', title: 'Итого', computed: true } },
        sections: { lines: { title: 'Работы', fields: { work: { type: 'string', title: 'Работа' } } } },
        formActions: [{ code: 'fill', title: 'Заполнить', route: '/api/works/acts/fill', needs: ['customer'], fills: 'lines', ...action }],
      }),
    ],
    ui: { remote: 'engine' },
  });

describe('a document form action is checked at start', () => {
  test('a correct one starts, as does staff’s «Заполнить» of the payroll', () => {
    expect(() => workcloudDefinition({ modules: [works({})] })).not.toThrow();
    expect(workcloudDefinition().registry.document('staff', 'payrolls')?.formActions).toEqual([
      { code: 'fill', title: 'Заполнить', titleEn: 'Fill in', route: '/api/staff/payrolls/fill', needs: ['organization', 'month'], fills: 'lines' },
    ]);
  });

  test('a route of another module, an unknown or computed header field, an unknown table, a bad code are refused, naming the declaration', () => {
    const at = 'документ «works.acts» \\(backend/test/engine/form-actions\\.test\\.ts\\): formActions «fill»';
    expect(() => workcloudDefinition({ modules: [works({ route: '/api/staff/payrolls/fill' })] })).toThrow(new RegExp(`${at}: route «/api/staff/payrolls/fill» — не маршрут модуля; укажите свой, начиная с /api/works/`));
    expect(() => workcloudDefinition({ modules: [works({ needs: ['customer', 'month'] })] })).toThrow(new RegExp(`${at}: needs — поля «month» в шапке документа нет или оно вычисляемое \\(поля: customer, total\\)`));
    expect(() => workcloudDefinition({ modules: [works({ needs: ['total'] })] })).toThrow(/needs — поля «total» в шапке документа нет или оно вычисляемое/);
    expect(() => workcloudDefinition({ modules: [works({ fills: 'items' })] })).toThrow(new RegExp(`${at}: fills — табличной части «items» нет \\(есть: lines\\)`));
    expect(() => workcloudDefinition({ modules: [works({ code: 'Fill' })] })).toThrow(/formActions «Fill»: код — строчные латинские буквы/);
  });
});
