import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { formatRubles } from '@workcloud/shared-core';
import { enqueueMail, escapeHtml, type MailAttachmentRef } from '../../platform/mail';
import { amountInWords } from '../../platform/ru/amount-in-words';
import { vatPercent, type VatRate } from '../../platform/ru/vat';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { ruDate } from './dates';

/** The attachment source InvoicingService registers: the Счёт PDF as the admin UI downloads it. */
export const INVOICE_PDF_SOURCE = 'billing.invoice_pdf';

/** A block of a letter: rendered as plain text and as simple HTML from the same content. */
type Block = { p: string } | { facts: [string, string][] } | { list: string[] } | { link: { text: string; href: string } };

interface Letter {
  subject: string;
  blocks: Block[];
  attachments?: MailAttachmentRef[];
}

interface Admin {
  userId: string;
  email: string;
  fullName: string;
}

interface TenantRow {
  id: string;
  name: string;
  schema_name: string;
  status: string;
}

/**
 * E-mails to a client company's admins about billing: a Счёт issued (PDF attached), each overdue
 * reminder, suspension for non-payment and resumption. Every method takes the transaction that records
 * the event, so the mail exists exactly when the event does (platform/mail sends it at least once), and
 * its event key makes writing it twice harmless.
 *
 * Recipients: active members of the company with the default role «Администратор» (code 'admin').
 */
@Injectable()
export class BillingNotifications {
  constructor(@Inject(BILLING_CONFIG) private readonly config: BillingConfig) {}

  async invoiceIssued(trx: Knex, invoiceId: string): Promise<number> {
    const invoice = await trx('platform.billing_invoices').where({ id: invoiceId }).first();
    const lines = await trx('platform.billing_invoice_lines').where({ invoice_id: invoiceId }).orderBy('id').select('description', 'amount_kopecks');
    const tenant = await tenantOf(trx, invoice.tenant_id);
    const total = Number(invoice.total_kopecks);
    const letter: Letter = {
      subject: `Счёт № ${invoice.number} на ${formatRubles(total)} за WorkCloud — оплатить до ${ruDate(invoice.due_on)}`,
      blocks: [
        { p: `Выставлен счёт № ${invoice.number} от ${ruDate(invoice.issued_on)} за доступ к WorkCloud компании ${tenant.name} за период с ${ruDate(invoice.period_start)} по ${ruDate(invoice.period_end)}.` },
        {
          facts: [
            ['Сумма', `${formatRubles(total)} (${amountInWords(total)})`],
            [`В том числе НДС ${vatPercent(invoice.vat_rate as VatRate)} %`, formatRubles(Number(invoice.vat_kopecks))],
            ['Оплатить до', ruDate(invoice.due_on)],
          ],
        },
        { list: lines.map((l) => `${l.description} — ${formatRubles(Number(l.amount_kopecks))}`) },
        { p: 'Счёт — во вложении (PDF). Оплатить можно картой или через СБП в разделе «Оплата» либо банковским переводом по реквизитам из счёта (в назначении платежа укажите номер счёта).' },
        { link: { text: 'Оплатить в WorkCloud', href: this.config.returnUrl } },
      ],
      attachments: [{ source: INVOICE_PDF_SOURCE, id: invoiceId }],
    };
    return this.send(trx, tenant, `billing.invoice_issued:${invoiceId}`, 'billing.invoice_issued', letter);
  }

  /** `suspendOn`: the day work stops without payment; null when it has already stopped. */
  async reminder(trx: Knex, input: { invoiceId: string; today: string; suspendOn: string | null }): Promise<number> {
    const invoice = await trx('platform.billing_invoices').where({ id: input.invoiceId }).first();
    const tenant = await tenantOf(trx, invoice.tenant_id);
    const total = Number(invoice.total_kopecks);
    const paid = Number(invoice.paid_kopecks);
    const owed = total - paid;
    const consequence: Block[] = input.suspendOn
      ? [{ p: `Если счёт не будет оплачен, ${ruDate(input.suspendOn)} работа компании ${tenant.name} в WorkCloud будет приостановлена: вход и просмотр данных останутся, изменения станут недоступны. Данные не удаляются.` }]
      : [{ p: `Работа компании ${tenant.name} в WorkCloud приостановлена за неоплату: вход и просмотр данных доступны, изменения — нет. Работа возобновится сразу после оплаты.` }];
    const letter: Letter = {
      subject: input.suspendOn
        ? `Напоминание: счёт № ${invoice.number} на ${formatRubles(owed)} не оплачен — работа будет приостановлена ${ruDate(input.suspendOn)}`
        : `Напоминание: счёт № ${invoice.number} на ${formatRubles(owed)} не оплачен — работа приостановлена`,
      blocks: [
        { p: `Счёт № ${invoice.number} от ${ruDate(invoice.issued_on)} за WorkCloud не оплачен: срок оплаты был ${ruDate(invoice.due_on)}.` },
        {
          facts: [
            ['К оплате', formatRubles(owed)],
            ...(paid > 0 ? ([['Уже оплачено', `${formatRubles(paid)} из ${formatRubles(total)}`]] as [string, string][]) : []),
            ['Срок оплаты', ruDate(invoice.due_on)],
            ...(input.suspendOn ? ([['Приостановка работы', ruDate(input.suspendOn)]] as [string, string][]) : []),
          ],
        },
        ...consequence,
        { p: 'Счёт — во вложении (PDF). Если вы уже оплатили его переводом, не беспокойтесь: оплата будет учтена, как только поступит на наш счёт.' },
        { link: { text: 'Оплатить в WorkCloud', href: this.config.returnUrl } },
      ],
      attachments: [{ source: INVOICE_PDF_SOURCE, id: input.invoiceId }],
    };
    return this.send(trx, tenant, `billing.reminder:${input.invoiceId}:${input.today}`, 'billing.reminder', letter);
  }

  /**
   * The Счёт is due soon (`stage` 'before', N days ahead) or today ('due'): how much, by when, what happens
   * if it is not paid. Once per Счёт and stage (key `billing.due_<stage>:<invoice id>`).
   */
  async dueReminder(trx: Knex, input: { invoiceId: string; stage: 'before' | 'due'; suspendOn: string }): Promise<number> {
    const invoice = await trx('platform.billing_invoices').where({ id: input.invoiceId }).first();
    const tenant = await tenantOf(trx, invoice.tenant_id);
    const owed = Number(invoice.total_kopecks) - Number(invoice.paid_kopecks);
    const when = input.stage === 'due' ? 'сегодня' : ruDate(invoice.due_on);
    const letter: Letter = {
      subject: `Счёт № ${invoice.number} на ${formatRubles(owed)} за WorkCloud — срок оплаты ${when}`,
      blocks: [
        { p: `Напоминаем: срок оплаты счёта № ${invoice.number} от ${ruDate(invoice.issued_on)} за доступ к WorkCloud компании ${tenant.name} — ${input.stage === 'due' ? `сегодня, ${ruDate(invoice.due_on)}` : ruDate(invoice.due_on)}.` },
        { facts: [['К оплате', `${formatRubles(owed)} (${amountInWords(owed)})`], ['Срок оплаты', ruDate(invoice.due_on)]] },
        { p: `Если счёт не будет оплачен, после срока он станет просроченным, а ${ruDate(input.suspendOn)} работа компании в WorkCloud будет приостановлена: вход и просмотр данных останутся, изменения станут недоступны.` },
        { p: 'Счёт — во вложении (PDF). Если вы уже оплатили его переводом, не беспокойтесь: оплата будет учтена, как только поступит на наш счёт.' },
        { link: { text: 'Оплатить в WorkCloud', href: this.config.returnUrl } },
      ],
      attachments: [{ source: INVOICE_PDF_SOURCE, id: input.invoiceId }],
    };
    return this.send(trx, tenant, `billing.due_${input.stage}:${input.invoiceId}`, 'billing.due_reminder', letter);
  }

  /** Work stopped for non-payment (the 'suspended' event `eventId`). */
  async suspended(trx: Knex, input: { tenantId: string; eventId: number; today: string }): Promise<number> {
    const tenant = await tenantOf(trx, input.tenantId);
    const unpaid = await trx('platform.billing_invoices').where({ tenant_id: input.tenantId, status: 'open' }).where('due_on', '<', input.today).orderBy('issued_on').select('id', 'number', 'issued_on', 'due_on', 'total_kopecks', 'paid_kopecks');
    const owed = unpaid.reduce((sum, i) => sum + Number(i.total_kopecks) - Number(i.paid_kopecks), 0);
    const letter: Letter = {
      subject: `Работа компании ${tenant.name} в WorkCloud приостановлена за неоплату`,
      blocks: [
        { p: `С ${ruDate(input.today)} работа компании ${tenant.name} в WorkCloud приостановлена: не оплачены счета, срок оплаты которых прошёл. Вход и просмотр данных доступны, изменения — нет. Данные сохранены и не удаляются.` },
        { list: unpaid.map((i) => `Счёт № ${i.number} от ${ruDate(i.issued_on)}, срок оплаты ${ruDate(i.due_on)}: к оплате ${formatRubles(Number(i.total_kopecks) - Number(i.paid_kopecks))}`) },
        { facts: [['Всего к оплате', formatRubles(owed)]] },
        { p: 'Работа возобновится сразу после оплаты: картой или через СБП — в течение нескольких минут, банковским переводом — когда деньги поступят на наш счёт.' },
        { link: { text: 'Оплатить в WorkCloud', href: this.config.returnUrl } },
      ],
      attachments: unpaid.map((i) => ({ source: INVOICE_PDF_SOURCE, id: i.id })),
    };
    return this.send(trx, tenant, `billing.suspended:${input.eventId}`, 'billing.suspended', letter);
  }

  /** Work resumed: nothing overdue any more after a payment (or the owner voided the Счёт) — the 'activated' event `eventId` of a suspended client. */
  async resumed(trx: Knex, input: { tenantId: string; eventId: number; today: string }): Promise<number> {
    const tenant = await tenantOf(trx, input.tenantId);
    const letter: Letter = {
      subject: `Работа компании ${tenant.name} в WorkCloud возобновлена`,
      blocks: [
        { p: `Задолженность погашена, спасибо! С ${ruDate(input.today)} работа компании ${tenant.name} в WorkCloud возобновлена: все подключённые модули снова доступны полностью.` },
        { p: 'Закрывающие документы (акты) — в разделе «Оплата».' },
        { link: { text: 'Открыть раздел «Оплата»', href: this.config.returnUrl } },
      ],
    };
    return this.send(trx, tenant, `billing.resumed:${input.eventId}`, 'billing.resumed', letter);
  }

  /** An automatic payment refused by the bank: what happened, the next attempt (or that there is none), how to pay. */
  async autopayFailed(trx: Knex, input: { invoiceId: string; attempt: number; today: string; card: string; reason: string; nextOn: string | null }): Promise<number> {
    const invoice = await trx('platform.billing_invoices').where({ id: input.invoiceId }).first();
    const tenant = await tenantOf(trx, invoice.tenant_id);
    const owed = Number(invoice.total_kopecks) - Number(invoice.paid_kopecks);
    const letter: Letter = {
      subject: `Автоплатёж по счёту № ${invoice.number} не прошёл`,
      blocks: [
        { p: `Банк отказал в списании ${formatRubles(owed)} с карты ${input.card} по счёту № ${invoice.number} (${input.reason}).` },
        { facts: [['Сумма к оплате', formatRubles(owed)], ['Оплатить до', ruDate(invoice.due_on)], ['Следующая попытка', input.nextOn ? ruDate(input.nextOn) : 'не будет — оплатите счёт сами']] },
        { p: 'Проверьте, что на карте достаточно средств и она действует, или оплатите счёт другим способом.' },
        { link: { text: 'Оплатить в WorkCloud', href: this.config.returnUrl } },
      ],
      attachments: [{ source: INVOICE_PDF_SOURCE, id: input.invoiceId }],
    };
    return this.send(trx, tenant, `billing.autopay_failed:${input.invoiceId}:${input.attempt}`, 'billing.autopay_failed', letter);
  }

  private async send(trx: Knex, tenant: TenantRow, eventKey: string, kind: string, letter: Letter): Promise<number> {
    const admins = await companyAdmins(trx, tenant);
    return enqueueMail(
      trx,
      admins.map((admin) => {
        const body = this.render(letter.blocks, admin, tenant);
        return { eventKey, kind, tenantId: tenant.id, userId: admin.userId, to: admin.email, subject: letter.subject, text: body.text, html: body.html, attachments: letter.attachments };
      }),
    );
  }

  private render(blocks: Block[], admin: Admin, tenant: TenantRow): { text: string; html: string } {
    const greeting = admin.fullName.trim() ? `Здравствуйте, ${admin.fullName.trim()}!` : 'Здравствуйте!';
    const s = this.config.seller;
    const signature = [
      'С уважением,',
      `WorkCloud — ${s.name}`,
      [`ИНН ${s.inn}`, s.kpp ? `КПП ${s.kpp}` : ''].filter(Boolean).join(', '),
      s.address,
      s.account ? `Р/с ${s.account} в ${s.bankName ?? ''}, БИК ${s.bik ?? ''}, к/с ${s.corrAccount ?? ''}` : '',
    ].filter(Boolean);
    const footer = `Вы получили это письмо как администратор компании ${tenant.name} в WorkCloud.`;

    const text: string[] = [greeting];
    const html: string[] = [`<p>${escapeHtml(greeting)}</p>`];
    for (const b of blocks) {
      if ('p' in b) {
        text.push(b.p);
        html.push(`<p>${escapeHtml(b.p)}</p>`);
      } else if ('facts' in b) {
        text.push(b.facts.map(([k, v]) => `${k}: ${v}`).join('\n'));
        html.push(`<table cellpadding="4" cellspacing="0" style="border-collapse:collapse">${b.facts.map(([k, v]) => `<tr><td style="color:#555">${escapeHtml(k)}</td><td><b>${escapeHtml(v)}</b></td></tr>`).join('')}</table>`);
      } else if ('list' in b) {
        if (!b.list.length) continue;
        text.push(b.list.map((item) => `— ${item}`).join('\n'));
        html.push(`<ul>${b.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
      } else {
        text.push(`${b.link.text}: ${b.link.href}`);
        html.push(`<p><a href="${escapeHtml(b.link.href)}" style="display:inline-block;padding:8px 16px;background:#1565c0;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(b.link.text)}</a></p>`);
      }
    }
    text.push(signature.join('\n'), `--\n${footer}`);
    html.push(`<p style="color:#555">${signature.map(escapeHtml).join('<br>')}</p>`, `<p style="color:#888;font-size:12px">${escapeHtml(footer)}</p>`);
    return {
      text: text.join('\n\n') + '\n',
      html: `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">${html.join('\n')}</body></html>`,
    };
  }
}

async function tenantOf(trx: Knex, tenantId: string): Promise<TenantRow> {
  return trx('platform.tenants').where({ id: tenantId }).first('id', 'name', 'schema_name', 'status');
}

/** Active members of the company holding its «Администратор» role; deactivated people get nothing. */
async function companyAdmins(trx: Knex, tenant: TenantRow): Promise<Admin[]> {
  const rows = await trx('platform.memberships as m')
    .join('platform.users as u', 'u.id', 'm.user_id')
    .where('m.tenant_id', tenant.id)
    .where('m.status', 'active')
    .whereExists(
      trx(`${tenantTable(tenant.schema_name, 'user_roles')} as ur`)
        .join(`${tenantTable(tenant.schema_name, 'roles')} as r`, 'r.id', 'ur.role_id')
        .whereRaw('ur.user_id = u.id')
        .where('r.code', 'admin'),
    )
    .orderBy('u.email')
    .select('u.id', 'u.email', 'u.full_name');
  return rows.map((r) => ({ userId: r.id, email: r.email, fullName: r.full_name ?? '' }));
}
