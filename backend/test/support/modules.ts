import { defineCatalog } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';

/**
 * A stand-in for the CRM module, with the catalogue price the billing tests compute with (1 200,00 ₽):
 * another module to buy, remove and pay for. It is a real module on the contract (one catalog, the
 * engine's pages). When the real `crm` module lands in backend/src/modules, delete it here: the module
 * list refuses a code twice. ЭДО is real now (backend/src/modules/edo, 900,00 ₽, needs trade).
 */
export const crmStandIn = defineModule({
  code: 'crm',
  title: 'CRM',
  titleEn: 'CRM',
  description: 'Клиенты, сделки, воронка продаж',
  monthlyPriceKopecks: 120000,
  declarations: [defineCatalog({ code: 'notes', title: 'Заметки', fields: { text: { type: 'text', title: 'Текст' } } })],
  ui: { remote: 'engine' },
});

export const standInModules = [crmStandIn];
