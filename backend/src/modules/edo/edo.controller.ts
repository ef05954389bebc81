import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DocumentActionAnswer } from '@workcloud/shared-core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { ValidBody } from '../../platform/http/validation';
import { documentArchive } from './archive';
import { EdoService } from './edo.service';
import type { Action, Box } from './flow';
import { IncomingReceipts } from './receipt';
import { edoCardSchema, edoStepSchema, receiptResultSchema } from './edo.schemas';
import { Answers, AnswersFile, arrayOf, bool, int, nullable, objectOf, str, uuid } from '../../platform/http/openapi-responses';
import { EdoOperator } from './operator/operator.service';
import { EdoKeyStore } from './signing/key-store';

const poa = z
  .object({
    number: z.string().trim().min(1, 'МЧД: укажите номер доверенности').max(255),
    principal_inn: z.string().regex(/^\d{10}(\d{2})?$/, 'МЧД: ИНН доверителя — 10 или 12 цифр'),
  })
  .transform((p) => ({ number: p.number, principalInn: p.principal_inn }))
  .optional();
const sendBody = z.object({ sale: z.uuid('Укажите проведённую реализацию (sale)'), poa });
const base64 = (what: string) => z.string({ message: `${what}: строка base64` }).trim().min(16, `${what}: строка base64`).max(20000);
const rootBody = z.object({ certificate: base64('Сертификат (DER в base64 или PEM)') });
const keyBody = z.object({ certificate: base64('Сертификат (DER в base64 или PEM)'), private_key: base64('Закрытый ключ') });
const operatorBody = z.object({
  api_url: z.url({ message: 'Адрес API оператора — URL, например https://diadoc-api.kontur.ru' }).refine((u) => /^https?:/.test(u), 'Адрес API оператора — http(s)'),
  box_id: z.string().trim().min(1, 'Укажите ящик организации у оператора (BoxId)').max(100),
  token: z.string().trim().min(1, 'Укажите токен доступа к API оператора').max(4000),
});
const certificateSchema = objectOf(
  { id: uuid(), name: str('Владелец'), purpose: str('signing или trusted_root'), subject_inn: nullable(str('ИНН владельца')), subject_ogrn: nullable(str('ОГРН')), serial: str('Серийный номер, hex'), valid_from: str('Действует с, UTC'), valid_to: str('Действует по, UTC') },
  ['id', 'name', 'purpose', 'serial', 'valid_from', 'valid_to'],
);
const person = z.object({ name: z.string().trim().min(3, 'ФИО подписанта'), position: z.string().trim().max(255).optional() });
const mappings = z.array(z.object({ key: z.string().trim().min(1).max(1000), product: z.uuid('Номенклатура — id из справочника') })).optional();
const actionBody = z.object({
  reason: z.string().trim().max(4000).optional(),
  acceptance: z.enum(['accepted', 'with_discrepancies', 'not_accepted'], { message: 'acceptance: accepted, with_discrepancies или not_accepted' }).optional(),
  accepted_on: z.iso.date({ message: 'Дата принятия — в формате ГГГГ-ММ-ДД' }).optional(),
  signer: person.optional(),
  poa,
  warehouse: z.uuid('Склад — id из справочника').optional(),
  mappings,
});
const receiptBody = z.object({ mappings });
const documentActionBody = z.object({ id: z.uuid('Укажите проведённую реализацию (id)') });
const bulkBody = z.object({
  box: z.enum(['inbox', 'outbox'], { message: 'box: inbox или outbox' }),
  ids: z.array(z.uuid('Документы — id из «Входящих» или «Исходящих»'), { message: 'Выберите документы (ids)' }).min(1, 'Выберите хотя бы один документ').max(100, 'Не больше 100 документов за раз'),
});
/** Steps that need no text from the person: these may be done on several documents at once. */
const BULK_ACTIONS: Action[] = ['sign', 'receipt_notice', 'accept_annulment'];

const ACTIONS: Record<string, Action> = {
  'receipt-notice': 'receipt_notice',
  sign: 'sign',
  reject: 'reject',
  annul: 'propose_annulment',
  'accept-annulment': 'accept_annulment',
  'reject-annulment': 'reject_annulment',
};
function actionOf(name: string): Action {
  const a = ACTIONS[name];
  if (!a) throw Problem.notFound(`Нет такого действия ЭДО: «${name}». Есть: ${Object.keys(ACTIONS).join(', ')}.`);
  return a;
}

/**
 * ЭДО routes beyond the engine's read API of the module's catalogs: send a sale's УПД, the steps of the flow
 * on an incoming or outgoing document, the draft Поступление of an accepted УПД, files and the counter.
 */
@ApiTags('edo: ЭДО')
@ApiBearerAuth()
@ForModule('edo')
@Controller('api/edo')
export class EdoController {
  constructor(
    private readonly edo: EdoService,
    private readonly receipts: IncomingReceipts,
    private readonly keys: EdoKeyStore,
    private readonly operator: EdoOperator,
    private readonly db: Database,
  ) {}

  @Post('outgoing')
  @Allow('create', 'edo.outbox')
  @ApiOperation({ summary: 'Отправить УПД проведённой реализации: титул продавца (ON_NSCHFDOPPR 5.03), проверенный по схеме ФНС, доставляется абоненту WorkCloud с ЭДО по ИНН/КПП или ждёт оператора' })
  @Answers(edoCardSchema('outbox'), 'Документ отправлен', 201)
  send(@Ctx() ctx: TenantRequestContext, @ValidBody(sendBody) body: z.infer<typeof sendBody>) {
    return this.edo.sendSale(ctx, body.sale, body.poa);
  }

  @Post('outgoing/from-document')
  @Allow('create', 'edo.outbox')
  @ApiOperation({ summary: '«Отправить по ЭДО» с формы проведённой реализации (documentActions): УПД подписан и отправлен; в ответе — его карточка в «Исходящих»' })
  @Answers(objectOf({ message: str('Что сделано'), open: str('Страница отправленного документа'), document: edoCardSchema('outbox') }, ['message', 'open']), 'Документ отправлен', 201)
  async sendFromDocument(@Ctx() ctx: TenantRequestContext, @ValidBody(documentActionBody) body: z.infer<typeof documentActionBody>) {
    const document = await this.edo.sendSale(ctx, body.id);
    const answer: DocumentActionAnswer = { message: `${document.name}: ${document.status_title}.`, open: `/m/edo/outbox/${document.id}` };
    return { ...answer, document };
  }

  @Post('bulk/:action')
  @HttpCode(200)
  // Inbox documents are what is signed in bulk; on outbox documents the right to change them is checked below too.
  @Allow('update', 'edo.inbox')
  @ApiOperation({ summary: 'Одно действие с несколькими документами (sign, receipt-notice, accept-annulment): каждый в своей транзакции, результат по каждому' })
  @Answers(
    objectOf({ done: int('Выполнено'), failed: int('Не выполнено'), results: arrayOf(objectOf({ id: uuid(), name: nullable(str('Документ')), ok: bool(), status_title: nullable(str('Статус после шага')), error: nullable(str('Почему не выполнено')) }, ['id', 'ok'])) }),
    'Результат по каждому документу',
  )
  async bulk(@Ctx() ctx: TenantRequestContext, @Param('action') name: string, @ValidBody(bulkBody) body: z.infer<typeof bulkBody>) {
    const action = actionOf(name);
    if (!BULK_ACTIONS.includes(action)) throw Problem.badRequest(`«${name}» требует текста (причины) и делается по одному документу. Для нескольких: ${BULK_ACTIONS.map((a) => Object.keys(ACTIONS).find((k) => ACTIONS[k] === a)).join(', ')}.`);
    if (!ctx.ability.can('update', `edo.${body.box}`)) throw Problem.forbidden(`Недостаточно прав: изменение — ${body.box === 'inbox' ? 'Входящие' : 'Исходящие'} документы ЭДО.`);
    const results = [];
    // One by one, each in its own transaction: a document the flow no longer allows (or a flagged signature) fails alone.
    for (const id of new Set(body.ids)) {
      try {
        const { document } = await this.step(ctx, body.box, id, action, {});
        results.push({ id, name: document.name as string, ok: true, status_title: document.status_title as string, error: null });
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        results.push({ id, name: null, ok: false, status_title: null, error: e.detail });
      }
    }
    return { done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
  }

  @Post('signing/keys')
  @Allow('create', 'edo.signer_keys')
  @ApiOperation({ summary: 'Загрузить сертификат и закрытый ключ программной подписи (ГОСТ Р 34.10-2012, 256 бит): для тестов и демонстрации' })
  @Answers(certificateSchema, 'Сертификат подписи загружен', 201)
  addKey(@Ctx() ctx: TenantRequestContext, @ValidBody(keyBody) body: z.infer<typeof keyBody>) {
    return this.keys.addSigningKey(ctx, body.certificate, body.private_key);
  }

  @Post('trusted-roots')
  @Allow('create', 'edo.certificates')
  @ApiOperation({ summary: 'Добавить доверенный корневой сертификат: цепочка подписи входящих документов должна вести к одному из них' })
  @Answers(certificateSchema, 'Корневой сертификат добавлен', 201)
  addRoot(@Ctx() ctx: TenantRequestContext, @ValidBody(rootBody) body: z.infer<typeof rootBody>) {
    return this.keys.addTrustedRoot(ctx, body.certificate);
  }

  @Delete('trusted-roots/:id')
  @Allow('delete', 'edo.certificates')
  @ApiOperation({ summary: 'Убрать доверенный корневой сертификат' })
  @Answers(objectOf({ id: uuid(), removed: bool() }), 'Сертификат больше не доверенный')
  removeRoot(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.keys.removeTrustedRoot(ctx, id);
  }

  @Put('operator')
  @Allow('update', 'edo.operator_settings')
  @ApiOperation({ summary: 'Настроить оператора ЭДО (API в форме Диадока): адрес, ящик организации, токен — для контрагентов вне WorkCloud' })
  @Answers(objectOf({ id: uuid(), api_url: str(), box_id: str() }), 'Оператор настроен')
  configureOperator(@Ctx() ctx: TenantRequestContext, @ValidBody(operatorBody) body: z.infer<typeof operatorBody>) {
    return this.operator.configure(ctx, body);
  }

  @Get('operator')
  @Allow('read', 'edo.operator_settings')
  @ApiOperation({ summary: 'Настройки оператора ЭДО: адрес API и ящик (токен не показывается)' })
  @Answers(objectOf({ configured: bool(), api_url: nullable(str()), box_id: nullable(str()), events_after: nullable(str('Последнее прочитанное событие')) }), 'Настройки оператора')
  async operatorSettings(@Ctx() ctx: TenantRequestContext) {
    const s = await this.operator.settings(ctx.tenant.schema);
    return { configured: !!s, api_url: s?.url ?? null, box_id: s?.boxId ?? null, events_after: s?.eventsAfter ?? null };
  }

  @Get('operator/check')
  @Allow('read', 'edo.operator_settings')
  @ApiOperation({ summary: 'Проверить подключение к оператору ЭДО: адрес, токен и ящик организации (GetBox)' })
  @Answers(objectOf({ ok: bool(), box: nullable(objectOf({ id: str(), title: nullable(str()), inn: nullable(str()), kpp: nullable(str()) })), problem: nullable(str('Что не так')) }), 'Результат проверки')
  checkOperator(@Ctx() ctx: TenantRequestContext) {
    return this.operator.check(ctx);
  }

  @Post('operator/poll')
  @HttpCode(200)
  @Allow('update', 'edo.inbox')
  @ApiOperation({ summary: 'Прочитать новые события ящика у оператора ЭДО: входящие документы и ответы на наши' })
  @Answers(objectOf({ events: int('Прочитано событий'), received: arrayOf(uuid(), 'Новые входящие документы'), answered: arrayOf(uuid(), 'Исходящие, на которые пришёл ответ') }), 'События прочитаны')
  pollOperator(@Ctx() ctx: TenantRequestContext) {
    return this.operator.poll(ctx);
  }

  @Get('counters')
  @Allow('read', 'edo.inbox')
  @ApiOperation({ summary: 'Сколько документов ЭДО требуют действия пользователя (входящие, исходящие)' })
  @Answers(objectOf({ inbox: int('Входящих, ждущих действия'), outbox: int('Исходящих, ждущих ответа'), total: int('Всего') }), 'Счётчики ЭДО')
  counters(@Ctx() ctx: TenantRequestContext) {
    return this.edo.counters(ctx);
  }

  @Get('inbox/:id/card')
  @Allow('read', 'edo.inbox')
  @ApiOperation({ summary: 'Входящий документ с файлами, штампами подписей, историей, данными УПД и доступными действиями' })
  @Answers(edoCardSchema('inbox'), 'Карточка')
  inboxCard(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.edo.view(ctx, 'inbox', id);
  }

  @Get('outbox/:id/card')
  @Allow('read', 'edo.outbox')
  @ApiOperation({ summary: 'Исходящий документ с файлами, штампами подписей, историей, данными УПД и доступными действиями' })
  @Answers(edoCardSchema('outbox'), 'Карточка')
  outboxCard(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.edo.view(ctx, 'outbox', id);
  }

  @Post('inbox/:id/read')
  @HttpCode(200)
  @Allow('read', 'edo.inbox')
  @ApiOperation({ summary: 'Отметить входящий документ прочитанным (карточка открыта): снимает отметку «новое от контрагента»' })
  @Answers(objectOf({ id: uuid(), unread: bool('Не прочитан') }), 'Документ прочитан')
  inboxRead(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.edo.markRead(ctx, 'inbox', id);
  }

  @Post('outbox/:id/read')
  @HttpCode(200)
  @Allow('read', 'edo.outbox')
  @ApiOperation({ summary: 'Отметить исходящий документ прочитанным (карточка открыта): ответ контрагента просмотрен' })
  @Answers(objectOf({ id: uuid(), unread: bool('Не прочитан') }), 'Документ прочитан')
  outboxRead(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.edo.markRead(ctx, 'outbox', id);
  }

  @Get('inbox/:id/archive')
  @Allow('read', 'edo.inbox')
  @ApiOperation({ summary: 'Архив входящего документа: все файлы документооборота с подписями (.xml и .xml.sig), zip' })
  @AnswersFile('application/zip', 'Zip: файлы и отсоединённые подписи CMS')
  inboxArchive(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.archive(ctx, 'inbox', id, reply);
  }

  @Get('outbox/:id/archive')
  @Allow('read', 'edo.outbox')
  @ApiOperation({ summary: 'Архив исходящего документа: все файлы документооборота с подписями (.xml и .xml.sig), zip' })
  @AnswersFile('application/zip', 'Zip: файлы и отсоединённые подписи CMS')
  outboxArchive(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.archive(ctx, 'outbox', id, reply);
  }

  private async archive(ctx: TenantRequestContext, box: Box, id: string, reply: FastifyReply) {
    const { zip, filename } = await documentArchive(this.db.knex, ctx.tenant.schema, box, id);
    reply.header('Content-Type', 'application/zip');
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return zip;
  }

  @Get('inbox/:id/print')
  @Allow('read', 'edo.inbox')
  @ApiOperation({ summary: 'Печатная форма входящего документа: УПД со штампами электронных подписей (PDF)' })
  @AnswersFile('application/pdf', 'PDF')
  inboxPrint(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.print(ctx, 'inbox', id, reply);
  }

  @Get('outbox/:id/print')
  @Allow('read', 'edo.outbox')
  @ApiOperation({ summary: 'Печатная форма исходящего документа: УПД со штампами электронных подписей (PDF)' })
  @AnswersFile('application/pdf', 'PDF')
  outboxPrint(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.print(ctx, 'outbox', id, reply);
  }

  private async print(ctx: TenantRequestContext, box: Box, id: string, reply: FastifyReply) {
    const { pdf, filename } = await this.edo.printable(ctx, box, id);
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return pdf;
  }

  @Get('files/:id/content')
  @Allow('read', 'edo.files')
  @ApiOperation({ summary: 'Файл документооборота (XML, windows-1251), имя — ИдФайл' })
  @AnswersFile('application/xml', 'Файл XML (windows-1251)')
  async file(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const f = await this.edo.fileContent(ctx, id);
    reply.header('Content-Type', 'application/xml; charset=windows-1251');
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
    return f.content;
  }

  @Post('inbox/:id/receipt')
  @HttpCode(200)
  @Allow('update', 'edo.inbox')
  @ApiOperation({ summary: 'Сопоставить строки УПД с номенклатурой (запоминается для поставщика) и заново заполнить черновик поступления' })
  @Answers(receiptResultSchema, 'Поступление перезаполнено')
  async refill(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(receiptBody) body: z.infer<typeof receiptBody>) {
    const { doc, upd } = await this.edo.incomingUpd(ctx, id);
    if (body.mappings?.length) await this.edo.inTransaction((trx) => this.receipts.remember(ctx, trx, upd, body.mappings!));
    return this.receipts.refill(ctx, upd, doc);
  }

  @Post('inbox/:id/:action')
  @HttpCode(200)
  @Allow('update', 'edo.inbox')
  @ApiOperation({ summary: 'Действие с входящим документом: receipt-notice (ИОП), sign (титул покупателя и черновик поступления), reject (уведомление об уточнении), annul, accept-annulment, reject-annulment' })
  @Answers(edoStepSchema('inbox'), 'Шаг выполнен')
  inbox(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Param('action') name: string, @ValidBody(actionBody) body: z.infer<typeof actionBody>) {
    return this.step(ctx, 'inbox', id, actionOf(name), body);
  }

  @Post('outbox/:id/operator')
  @HttpCode(200)
  @Allow('create', 'edo.outbox')
  @ApiOperation({ summary: 'Отправить ещё раз через оператора ЭДО документ, ожидающий отправки оператору' })
  @Answers(edoCardSchema('outbox'), 'Попытка сделана: статус и история документа')
  async retryOperator(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const doc = await this.edo.view(ctx, 'outbox', id);
    if (doc.flow_status !== 'waiting_operator') throw Problem.conflict(`Документ в статусе «${doc.status_title}»: отправлять оператору нечего.`);
    await this.operator.send(ctx, id);
    return this.edo.view(ctx, 'outbox', id);
  }

  @Post('outbox/:id/:action')
  @HttpCode(200)
  @Allow('update', 'edo.outbox')
  @ApiOperation({ summary: 'Действие с исходящим документом: annul, accept-annulment, reject-annulment' })
  @Answers(edoStepSchema('outbox'), 'Шаг выполнен')
  outbox(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Param('action') name: string, @ValidBody(actionBody) body: z.infer<typeof actionBody>) {
    return this.step(ctx, 'outbox', id, actionOf(name), body);
  }

  private async step(ctx: TenantRequestContext, box: Box, id: string, action: Action, body: z.infer<typeof actionBody>) {
    // Signing the buyer's title of goods accepted (fully or with discrepancies) makes the draft Поступление in the same transaction.
    const makesReceipt = box === 'inbox' && action === 'sign' && body.acceptance !== 'not_accepted';
    const { document, extra } = await this.edo.act(ctx, box, id, action, body, async (trx, upd, doc) => {
      if (!makesReceipt) return undefined;
      if (body.mappings?.length) await this.receipts.remember(ctx, trx, upd, body.mappings);
      return this.receipts.build(ctx, trx, upd, doc, { warehouse: body.warehouse });
    });
    return extra ? { document: { ...document, receipt: extra.receipt?.id ?? null }, ...extra } : { document };
  }
}
