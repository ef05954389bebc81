import { describe, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { defineModule, type DocumentAction } from '../../src/platform/modules/define-module';

/**
 * A module's buttons on saved documents of another module (`documentActions`) are checked at start: the document
 * exists in a module it depends on or works with, the route is the module's own, the code is latin and unique.
 * (What the form shows and the route answers: backend/test/edo/work.test.ts, microfrontends/edo/test/edo-ui.test.ts.)
 */
const sender = (subject: string, action: Partial<DocumentAction> = {}, depends = ['trade']) =>
  defineModule({
    code: 'sender',
    title: 'Отправка',
    titleEn: 'Sender',
    description: 'Проба documentActions',
    monthlyPriceKopecks: 0,
    depends,
    documentActions: { [subject]: [{ code: 'send', title: 'Отправить', route: '/api/sender/send', statuses: ['posted'], ...action }] },
    ui: { remote: 'engine' },
  });

describe('a module’s action on another module’s document is checked at start', () => {
  test('a correct one starts, as does ЭДО’s «Отправить по ЭДО» on the sale', () => {
    expect(() => workcloudDefinition({ modules: [sender('trade.sale')] })).not.toThrow();
    const edo = workcloudDefinition().modules.find((m) => m.code === 'edo')!;
    expect(edo.definition.documentActions?.['trade.sale']?.map((a) => a.code)).toEqual(['edo_send']);
  });

  test('an unknown document, a module it does not depend on, a route of another module, a bad or repeated code are refused', () => {
    const at = 'Модуль «sender» \\(backend/test/engine/document-actions\\.test\\.ts\\): documentActions';
    expect(() => workcloudDefinition({ modules: [sender('trade.sales')] })).toThrow(new RegExp(`${at} «trade\\.sales»: такого документа нет`));
    expect(() => workcloudDefinition({ modules: [sender('staff.payrolls')] })).toThrow(new RegExp(`${at} «staff\\.payrolls»: добавьте «staff» в depends или worksWith модуля`));
    expect(() => workcloudDefinition({ modules: [sender('trade.sale', { route: '/api/trade/send' })] })).toThrow(/«send»: route «\/api\/trade\/send» — не маршрут модуля; укажите свой, начиная с \/api\/sender\//);
    expect(() => workcloudDefinition({ modules: [sender('trade.sale', { code: 'Send' })] })).toThrow(/код «Send» — строчные латинские буквы/);
  });
});
