import { expect, test } from 'vitest';
import { defineDocument, type DocumentDeclaration } from '../../src/platform/engine/declarations';
import { ConfigurationRegistry } from '../../src/platform/engine/registry';
import { tradeModule } from '../../src/modules/trade/module';

/** A mistake in the engine features trade uses (filter, basedOn) is named at start, not found by a user. */
const trade = () => tradeModule.declarations ?? [];
const doc = (extra: Partial<DocumentDeclaration>) =>
  defineDocument({ module: 'trade', code: 'probe', title: 'Проба', numberPrefix: 'ПР', fields: { counterparty: { type: 'ref', ref: 'counterparties', title: 'Контрагент' }, sale: { type: 'ref', ref: 'sale', title: 'Реализация' } }, ...extra });

test('trade declares its filters and «на основании» correctly', () => {
  expect(() => new ConfigurationRegistry(trade())).not.toThrow();
});

test('a basedOn from an unknown document or through a missing link, a filter on a missing field, are refused at start', () => {
  expect(() => new ConfigurationRegistry([...trade(), doc({ basedOn: [{ from: 'sael' }] })])).toThrow('basedOn — документа «sael» нет');
  expect(() => new ConfigurationRegistry([...trade(), doc({ basedOn: [{ from: 'sale', link: 'sale_id' }] })])).toThrow('поля-ссылки «sale_id» нет');
  const filtered = doc({});
  filtered.fields.contract = { type: 'ref', ref: 'contracts', title: 'Договор', filter: { owner_id: { field: 'partner' } } };
  expect(() => new ConfigurationRegistry([...trade(), filtered])).toThrow('зависит от поля «partner» — такого поля нет');
});
