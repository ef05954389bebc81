import { catalogItemSchema, valueSchema } from '../../platform/engine/openapi-schemas';
import { arrayOf, bool, date, dateTime, int, money, nullable, objectOf, str, uuid, type Schema } from '../../platform/http/openapi-responses';
import { edoFiles, edoHistory, edoInbox, edoOutbox } from './catalogs';
import { FLOW_STATUS_TITLES, TRANSITIONS, type Box } from './flow';
import { VERIFICATION_TITLES } from './signer';

/**
 * Response schemas of the ЭДО routes: the document card (GET /api/edo/{box}/:id/card, and every step that answers the
 * card after it) and the draft Поступление made from an incoming УПД. The card's TypeScript shape is shared-core's
 * EdoCard, which the module's UI reads.
 */

const fieldsOf = <F extends Record<string, Parameters<typeof valueSchema>[0] & { required?: boolean }>>(fields: F, names: (keyof F & string)[]) =>
  Object.fromEntries(names.map((n) => [n, valueSchema(fields[n], !fields[n].required)]));

const party = objectOf({ name: str(), inn: str('ИНН'), kpp: nullable(str('КПП')), address: str('Адрес (у продавца)') }, ['name', 'inn']);

const signer = objectOf({
  name: str('«ФИО, организация»'),
  inn: nullable(str('ИНН владельца сертификата')),
  commonName: str(),
  organization: nullable(str()),
  serial: str('Серийный номер сертификата'),
  validFrom: dateTime(),
  validTo: dateTime(),
});

const stampStatuses = Object.keys(VERIFICATION_TITLES).filter((s) => s !== 'unsigned');
const stamp = objectOf(
  {
    status: str(`Проверка подписи: ${stampStatuses.join(', ')}`, { enum: stampStatuses }),
    title: str('Результат проверки по-русски'),
    note: str('Подробности проверки'),
    signer: nullable(signer),
    signed_at: nullable(dateTime('Время подписи (UTC)')),
  },
  ['status', 'title', 'note', 'signer', 'signed_at'],
);

const file = objectOf(
  {
    id: uuid(),
    name: str(),
    ...fieldsOf(edoFiles.fields, ['kind', 'file_id', 'author', 'sha256', 'signature', 'verification', 'verification_note', 'signer_name', 'signer_inn', 'signed_at', 'poa_number', 'poa_principal_inn']),
    created_at: dateTime(),
    stamp: { ...stamp, nullable: true, description: 'Штамп подписи; null — файл не подписан' },
  },
  ['id', 'kind', 'file_id', 'author', 'created_at', 'stamp'],
);

const history = objectOf(
  { ...fieldsOf(edoHistory.fields, ['step', 'action', 'from_status', 'to_status', 'by', 'file']), created_at: dateTime() },
  ['step', 'action', 'to_status', 'by', 'created_at'],
);

const upd = objectOf({
  function: str('Функция УПД', { enum: ['СЧФДОП', 'ДОП'] }),
  number: str('Номер УПД'),
  date: date('Дата УПД'),
  seller: party,
  buyer: party,
  lines: arrayOf(
    objectOf({
      no: int('№ строки'),
      name: str(),
      code: nullable(str('Артикул продавца (КодТов)')),
      unitCode: nullable(str('Код единицы (ОКЕИ)')),
      quantity: str('Количество, точное число строкой'),
      totalKopecks: money('Стоимость с налогом'),
      vatRate: str('Ставка НДС: «22%», «без НДС»…'),
    }, ['no', 'name', 'quantity', 'totalKopecks', 'vatRate']),
  ),
});

/** The card of a document of «Входящие» or «Исходящие»: its fields, the seller's title read back, files with stamps, history, actions. */
export function edoCardSchema(box: Box): Schema {
  const catalog = box === 'inbox' ? edoInbox : edoOutbox;
  const item = catalogItemSchema(catalog, { name: { type: 'string', title: 'Наименование', required: true }, ...catalog.fields });
  const properties = item.properties as Record<string, Schema>;
  return objectOf(
    {
      ...properties,
      status_title: str(`Статус по-русски: ${Object.values(FLOW_STATUS_TITLES).join(', ')}`),
      actions: arrayOf(str(undefined, { enum: Object.keys(TRANSITIONS) }), 'Действия, доступные сейчас'),
      upd: { ...upd, nullable: true, description: 'Титул продавца, прочитанный из файла; null — его ещё нет' },
      files: arrayOf(file, 'Файлы документооборота по порядку (без содержимого)'),
      history: arrayOf(history, 'История переходов'),
    },
    [...(item.required as string[]), 'flow_status', 'status_title', 'actions', 'upd', 'files', 'history'],
    box === 'inbox' ? 'Карточка входящего документа ЭДО' : 'Карточка исходящего документа ЭДО',
  );
}

/** The draft Поступление made (or filled again) from an accepted УПД, and the lines still to map to our products. */
const receiptFields = {
  receipt: nullable(objectOf({ id: uuid(), number: str(), status: str(), total: money('Сумма'), lines: int('Строк') }, ['id', 'number', 'status', 'total', 'lines'], 'Черновик поступления')),
  counterparty: objectOf({ id: uuid(), created: bool('Контрагент создан по УПД') }),
  unmatched: arrayOf(
    objectOf({ line: int(), name: str(), code: nullable(str()), quantity: str(), key: str('Что передать в mappings[].key, чтобы сопоставить строку') }),
    'Строки без сопоставленной номенклатуры',
  ),
};
export const receiptResultSchema: Schema = objectOf(receiptFields);

/** A step of the flow: the card after it; an accepted УПД also its draft Поступление (the card's `receipt` is its id). */
export function edoStepSchema(box: Box): Schema {
  return objectOf({ document: edoCardSchema(box), ...(box === 'inbox' ? receiptFields : {}) }, ['document']);
}
