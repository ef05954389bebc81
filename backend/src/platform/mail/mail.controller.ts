import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { ValidQuery } from '../http/validation';
import { Answers, arrayOf, dateTime, int, nullable, objectOf, pageOf, str, uuid } from '../http/openapi-responses';

const listQuery = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  tenantId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const idParam = z.coerce.number().int().positive();

/** A mail's number from the path; anything else names no mail (404, as an unknown number). */
function mailId(raw: string): number {
  const parsed = idParam.safeParse(raw);
  if (!parsed.success) throw Problem.notFound('Письмо не найдено.');
  return parsed.data;
}

const LIST_COLUMNS = [
  'o.id',
  'o.created_at as createdAt',
  'o.kind',
  'o.event_key as eventKey',
  'o.tenant_id as tenantId',
  't.name as tenantName',
  'o.recipient',
  'o.subject',
  'o.status',
  'o.attempts',
  'o.next_attempt_at as nextAttemptAt',
  'o.last_error as lastError',
  'o.sent_at as sentAt',
  'o.attachments',
];

/** The owner's view of e-mail to clients: what was sent, what waits, what failed; a failed mail can be sent again. */
/** A letter of the outbox as the owner sees it. */
const mailItemSchema = objectOf(
  {
    id: int('Номер письма'),
    createdAt: dateTime(),
    kind: str('Вид письма'),
    eventKey: nullable(str('Ключ события (одно письмо на событие)')),
    tenantId: nullable(uuid()),
    tenantName: nullable(str()),
    recipient: str(),
    subject: str(),
    status: str('pending, sent, failed…'),
    attempts: int('Сколько раз пытались отправить'),
    nextAttemptAt: nullable(dateTime()),
    lastError: nullable(str()),
    sentAt: nullable(dateTime()),
    attachments: arrayOf(objectOf({ source: str('Откуда файл, например billing.invoice_pdf'), id: str('Из чего он строится (id счёта…)') }), 'Вложения: файлы строятся при отправке'),
  },
  ['id', 'createdAt', 'kind', 'recipient', 'subject', 'status', 'attempts'],
);

@ApiTags('Владелец: почта')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/mail')
export class OwnerMailController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Письма клиентам (новые первыми): статус, попытки, последняя ошибка; ?status=pending|sent|failed, ?tenantId' })
  @Answers(pageOf(mailItemSchema), 'Страница писем, новые первыми')
  async list(@ValidQuery(listQuery) query: z.infer<typeof listQuery>) {
    const q = this.db.knex('platform.mail_outbox as o');
    if (query.status) q.where('o.status', query.status);
    if (query.tenantId) q.where('o.tenant_id', query.tenantId);
    const [{ count }] = await q.clone().count<{ count: string }[]>('* as count');
    const items = await q
      .leftJoin('platform.tenants as t', 't.id', 'o.tenant_id')
      .orderBy('o.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .select(LIST_COLUMNS);
    return { items: items.map(toItem), total: Number(count) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Письмо целиком: текст и HTML' })
  @Answers(mailItemSchema, 'Письмо')
  async get(@Param('id') id: string) {
    const row = await this.db.knex('platform.mail_outbox as o').leftJoin('platform.tenants as t', 't.id', 'o.tenant_id').where('o.id', mailId(id)).first([...LIST_COLUMNS, 'o.text', 'o.html', 'o.message_id as messageId']);
    if (!row) throw Problem.notFound('Письмо не найдено.');
    return toItem(row);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Отправить письмо снова: ожидающее или неотправленное (failed) уходит при ближайшем запуске рассылки, с новым счётом попыток' })
  @Answers(mailItemSchema, 'Письмо снова в очереди')
  async retry(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const mailNo = mailId(id);
    const row = await this.db.knex.transaction(async (trx) => {
      const current = await trx('platform.mail_outbox').where({ id: mailNo }).forUpdate().first('id', 'status', 'attempts', 'tenant_id', 'recipient', 'last_error');
      if (!current) throw Problem.notFound('Письмо не найдено.');
      if (current.status === 'sent') throw Problem.conflict('Письмо уже отправлено.');
      await trx('platform.mail_outbox').where({ id: mailNo }).update({ status: 'pending', attempts: 0, next_attempt_at: trx.fn.now() });
      await this.audit.record({ tenantId: current.tenant_id, userId: ctx.principal.userId, action: 'retry', entity: 'Mail', entityId: String(mailNo), before: { status: current.status, attempts: current.attempts, lastError: current.last_error }, after: { status: 'pending' } }, trx);
      return (await trx('platform.mail_outbox as o').leftJoin('platform.tenants as t', 't.id', 'o.tenant_id').where('o.id', mailNo).first(LIST_COLUMNS)) as Record<string, unknown>;
    });
    return toItem(row);
  }
}

function toItem(row: Record<string, unknown>) {
  return { ...row, id: Number(row.id) };
}
