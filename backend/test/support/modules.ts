import { defineCatalog } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';

/**
 * «Заметки»: a module of 1 200,00 ₽ a month that needs nothing else — the module the billing and module-contract
 * tests buy, remove and pay for alongside trade (it was a stand-in named `crm` until the real CRM, which needs
 * «Торговля и склад» and costs 1 500,00 ₽, landed in backend/src/modules/crm). A real module on the contract (one
 * catalog, the engine's pages). ЭДО is real too (backend/src/modules/edo, 900,00 ₽, needs trade).
 */
export const notesStandIn = defineModule({
  code: 'notes',
  title: 'Заметки',
  titleEn: 'Notes',
  description: 'Заметки о клиентах',
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

export const standInModules = [notesStandIn, archiveStandIn];
