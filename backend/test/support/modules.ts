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

/**
 * A module of 900,00 ₽ a month that needs nothing else: the third client of the billing tests
 * (bank-statements.test.ts) used to buy the `edo` stand-in alone; the real ЭДО needs «Торговля и склад»,
 * which would change that test's arithmetic, so the client buys this one instead — same price, same days.
 */
export const archiveStandIn = defineModule({
  code: 'archive',
  title: 'Архив документов',
  titleEn: 'Document archive',
  description: 'Хранение сканов первичных документов',
  monthlyPriceKopecks: 90000,
  declarations: [defineCatalog({ code: 'scans', title: 'Сканы', fields: {} })],
  ui: { remote: 'engine' },
});

export const standInModules = [crmStandIn, archiveStandIn];
