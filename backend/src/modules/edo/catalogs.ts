import { defineCatalog, type Fields } from '../../platform/engine/declarations';
import { FLOW_STATUS_TITLES } from './flow';
import { VERIFICATION_TITLES } from './signer';

/**
 * The module's data is catalogs so that the engine's list pages and read API serve the inbox and the
 * outbox. They are written only by the module's own routes (EdoService): the flow state of a document
 * changes by a transition of the state machine, never by a PATCH (see the report in module.ts).
 */
const documentFields = {
  doc_type: { type: 'enum', title: 'Тип', values: { schfdop: 'УПД (СЧФДОП)', dop: 'УПД (ДОП)', schf: 'Счёт-фактура (СЧФ)' }, required: true },
  flow_status: { type: 'enum', title: 'Статус', values: FLOW_STATUS_TITLES, required: true },
  needs_action: { type: 'boolean', title: 'Требует действия', default: false },
  // Set when the counterparty's step lands on our copy (delivery, signature, refusal…), cleared when the card is opened.
  unread: { type: 'boolean', title: 'Не прочитан', default: false },
  counterparty_name: { type: 'string', title: 'Контрагент', maxLength: 1000, search: true },
  counterparty_inn: { type: 'string', title: 'ИНН контрагента', maxLength: 12, search: true },
  counterparty_kpp: { type: 'string', title: 'КПП контрагента', maxLength: 9, list: false },
  counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Контрагент в справочнике', list: false },
  doc_number: { type: 'string', title: 'Номер документа', maxLength: 255, search: true },
  doc_date: { type: 'date', title: 'Дата документа' },
  total: { type: 'money', title: 'Сумма' },
  file_id: { type: 'string', title: 'ИдФайл', maxLength: 255, list: false, search: true },
  receipt_notice_sent: { type: 'boolean', title: 'ИОП отправлено', default: false, list: false },
  prior_status: { type: 'string', title: 'Статус до предложения аннулировать', maxLength: 50, list: false },
  // Where the counterpart of this document lives: a WorkCloud tenant (platform-level id) and its row there.
  peer_tenant: { type: 'string', title: 'Абонент WorkCloud', maxLength: 36, list: false },
  peer_document: { type: 'string', title: 'Документ у абонента', maxLength: 36, list: false },
  // Or a box at the ЭДО operator (Диадок API): the message and the document's entity there.
  operator_message: { type: 'string', title: 'Сообщение у оператора ЭДО', maxLength: 100, list: false },
  operator_entity: { type: 'string', title: 'Документ у оператора ЭДО', maxLength: 100, list: false },
  comment: { type: 'text', title: 'Комментарий' },
} satisfies Fields;

const readers = { accountant: ['read'], sales_manager: ['read'], storekeeper: ['read'], viewer: ['read'] } as const;

/** «Исходящие»: documents we sent (from a posted Реализация), with their flow status. */
export const edoOutbox = defineCatalog({
  code: 'outbox',
  group: 'outgoing',
  title: 'Исходящие документы',
  titleEn: 'Outbox',
  orderBy: { field: 'doc_date', direction: 'desc' },
  fields: {
    ...documentFields,
    sale: { type: 'ref', ref: 'trade.sale', title: 'Реализация', list: false },
    replaces: { type: 'ref', ref: 'outbox', title: 'Исправляет документ', list: false },
  },
  readOnly: true,
  defaultAccess: readers,
});

/** «Входящие»: documents counterparties sent us, delivered inside WorkCloud. */
export const edoInbox = defineCatalog({
  code: 'inbox',
  group: 'incoming',
  title: 'Входящие документы',
  titleEn: 'Inbox',
  orderBy: { field: 'doc_date', direction: 'desc' },
  fields: {
    ...documentFields,
    receipt: { type: 'ref', ref: 'trade.receipt', title: 'Поступление', list: false },
  },
  readOnly: true,
  defaultAccess: readers,
});

/** Every file of a document's flow, as the bytes that were (or will be) signed and sent: windows-1251 XML, base64 here. */
export const edoFiles = defineCatalog({
  code: 'files',
  group: 'settings',
  title: 'Файлы ЭДО',
  titleEn: 'E-document files',
  fields: {
    box: { type: 'enum', title: 'Ящик', values: { inbox: 'Входящие', outbox: 'Исходящие' }, required: true },
    document: { type: 'string', title: 'Документ (id)', maxLength: 36, required: true, list: false },
    kind: {
      type: 'enum',
      title: 'Вид',
      values: { seller_title: 'Титул продавца', buyer_title: 'Титул покупателя', receipt_notice: 'Извещение о получении', clarification: 'Уведомление об уточнении', annulment_offer: 'Предложение об аннулировании' },
      required: true,
    },
    file_id: { type: 'string', title: 'ИдФайл', maxLength: 255, required: true },
    author: { type: 'enum', title: 'Автор', values: { us: 'Мы', counterparty: 'Контрагент' }, required: true },
    content: { type: 'text', title: 'Содержимое (base64)', list: false },
    sha256: { type: 'string', title: 'SHA-256', maxLength: 64, list: false },
    signature: { type: 'enum', title: 'Подпись', values: { none: 'Не подписан', cms: 'Подпись CMS' }, default: 'none' },
    signature_der: { type: 'text', title: 'Подпись CMS (DER, base64)', list: false },
    verification: { type: 'enum', title: 'Проверка подписи', values: VERIFICATION_TITLES, default: 'unsigned' },
    verification_note: { type: 'text', title: 'Результат проверки', list: false },
    signer_name: { type: 'string', title: 'Подписант', maxLength: 1000 },
    signer_inn: { type: 'string', title: 'ИНН подписанта', maxLength: 12, list: false },
    signed_at: { type: 'string', title: 'Время подписи (UTC)', maxLength: 40, list: false },
    poa_number: { type: 'string', title: 'МЧД: номер', maxLength: 255, list: false },
    poa_principal_inn: { type: 'string', title: 'МЧД: ИНН доверителя', maxLength: 12, list: false },
    // The file's entity in the message at the ЭДО operator: what an answer to it (accepting an annulment) refers to.
    operator_entity: { type: 'string', title: 'Сущность у оператора ЭДО', maxLength: 100, list: false },
  },
  readOnly: true,
  defaultAccess: readers,
});

/** The history of transitions of a document: who did what, from which status to which, with which file. */
export const edoHistory = defineCatalog({
  code: 'history',
  group: 'settings',
  title: 'История документооборота',
  titleEn: 'E-document history',
  orderBy: { field: 'step', direction: 'asc' },
  fields: {
    box: { type: 'enum', title: 'Ящик', values: { inbox: 'Входящие', outbox: 'Исходящие' }, required: true },
    document: { type: 'string', title: 'Документ (id)', maxLength: 36, required: true, list: false },
    step: { type: 'integer', title: '№' },
    action: { type: 'string', title: 'Действие', maxLength: 100, required: true },
    from_status: { type: 'string', title: 'Был статус', maxLength: 50 },
    to_status: { type: 'string', title: 'Стал статус', maxLength: 50, required: true },
    by: { type: 'enum', title: 'Кто', values: { us: 'Мы', counterparty: 'Контрагент', platform: 'WorkCloud' }, required: true },
    file: { type: 'ref', ref: 'files', title: 'Файл' },
  },
  readOnly: true,
  defaultAccess: readers,
});

/** A supplier's line (article or name in its УПД) mapped once to our product; used on every later УПД from it. */
export const edoMappings = defineCatalog({
  code: 'product_mappings',
  group: 'settings',
  title: 'Сопоставление номенклатуры поставщиков',
  titleEn: 'Supplier product mapping',
  unique: [['supplier_inn', 'supplier_kpp', 'supplier_key']],
  fields: {
    supplier_inn: { type: 'string', title: 'ИНН поставщика', maxLength: 12, required: true, search: true },
    supplier_kpp: { type: 'string', title: 'КПП поставщика', maxLength: 9, default: '' },
    supplier_key: { type: 'string', title: 'Артикул или наименование у поставщика', maxLength: 1000, required: true, search: true },
    product: { type: 'ref', ref: 'trade.products', title: 'Наша номенклатура', required: true },
  },
  defaultAccess: { accountant: ['read', 'create', 'update', 'delete'], storekeeper: ['read', 'create', 'update', 'delete'] },
});

/**
 * Certificates the company works with: its own signing certificates (the software signer's key is kept apart, in
 * `edo_signer_keys`) and the trusted roots an incoming signature's chain must end in. Written by the module's routes,
 * which parse the certificate: nobody types a subject by hand.
 */
export const edoCertificates = defineCatalog({
  code: 'certificates',
  group: 'settings',
  title: 'Сертификаты ЭДО',
  titleEn: 'E-document certificates',
  fields: {
    purpose: { type: 'enum', title: 'Назначение', values: { signing: 'Подпись организации', trusted_root: 'Доверенный корневой' }, required: true },
    subject_inn: { type: 'string', title: 'ИНН владельца', maxLength: 12, search: true },
    subject_ogrn: { type: 'string', title: 'ОГРН владельца', maxLength: 15, list: false },
    serial: { type: 'string', title: 'Серийный номер', maxLength: 100, search: true },
    valid_from: { type: 'string', title: 'Действует с (UTC)', maxLength: 40 },
    valid_to: { type: 'string', title: 'Действует по (UTC)', maxLength: 40 },
    der: { type: 'text', title: 'Сертификат (DER, base64)', list: false },
  },
  readOnly: true,
  defaultAccess: { accountant: ['read'], viewer: ['read'] },
});

/**
 * The software signer's private keys (tests and the demo; a real company signs in КриптоПро DSS or with its token):
 * admins only, sealed at rest (secrets.ts), never in the audit log (`*_secret`).
 */
export const edoSignerKeys = defineCatalog({
  code: 'signer_keys',
  group: 'settings',
  title: 'Ключи программной подписи',
  titleEn: 'Software signer keys',
  fields: {
    certificate: { type: 'ref', ref: 'certificates', title: 'Сертификат', required: true },
    key_secret: { type: 'text', title: 'Закрытый ключ (зашифрован)', list: false },
  },
  readOnly: true,
  defaultAccess: {},
});

/** The company's box at its ЭДО operator (Диадок API): address, box, access token (sealed); the last event read. Admins only. */
export const edoOperatorSettings = defineCatalog({
  code: 'operator_settings',
  group: 'settings',
  title: 'Оператор ЭДО',
  titleEn: 'E-document operator',
  fields: {
    api_url: { type: 'string', title: 'Адрес API оператора', maxLength: 500, required: true },
    box_id: { type: 'string', title: 'Ящик организации (BoxId)', maxLength: 100, required: true },
    token_secret: { type: 'text', title: 'Токен доступа (зашифрован)', list: false },
    events_after: { type: 'string', title: 'Последнее прочитанное событие (IndexKey)', maxLength: 500, list: false },
  },
  readOnly: true,
  defaultAccess: {},
});

/**
 * МЧД — машиночитаемые доверенности the company gave to the people who sign for it with their own certificates (ИНН ФЛ):
 * a file is signed with one when the signing certificate's ИНН is not the organization's, and sent with it.
 */
export const edoPowersOfAttorney = defineCatalog({
  code: 'powers_of_attorney',
  group: 'settings',
  title: 'Машиночитаемые доверенности',
  titleEn: 'Machine-readable powers of attorney',
  fields: {
    number: { type: 'string', title: 'Номер доверенности', maxLength: 255, required: true, search: true },
    principal_inn: { type: 'inn', title: 'ИНН доверителя (организации)', required: true, search: true },
    representative: { type: 'string', title: 'Представитель (ФИО)', maxLength: 255, required: true, search: true },
    representative_inn: { type: 'inn', title: 'ИНН представителя', required: true },
    valid_from: { type: 'date', title: 'Действует с', required: true },
    valid_to: { type: 'date', title: 'Действует по', required: true },
  },
  defaultAccess: { accountant: ['read'], viewer: ['read'] },
});

export const edoCatalogs = [edoInbox, edoOutbox, edoFiles, edoHistory, edoMappings, edoCertificates, edoSignerKeys, edoOperatorSettings, edoPowersOfAttorney];
