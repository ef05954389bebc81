import { defineCatalog } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';

/**
 * Stand-ins for the CRM and ЭДО modules, with the catalogue prices the billing tests compute with
 * (1 200,00 ₽ and 900,00 ₽): a second and third module to buy, remove and pay for. Each is a real
 * module on the contract (one catalog, the engine's pages). When the real `crm` or `edo` module
 * lands in backend/src/modules, delete its stand-in here: the module list refuses a code twice.
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

export const edoStandIn = defineModule({
  code: 'edo',
  title: 'Электронный документооборот',
  titleEn: 'E-document exchange',
  description: 'УПД и счета-фактуры с контрагентами',
  monthlyPriceKopecks: 90000,
  declarations: [defineCatalog({ code: 'mailboxes', title: 'Ящики ЭДО', fields: {} })],
  ui: { remote: 'engine' },
});

export const standInModules = [crmStandIn, edoStandIn];
