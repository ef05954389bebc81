import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database';
import { BILLING_ZONE_SQL } from './dates';

/**
 * The owner's SaaS metrics, each computed in SQL over what billing recorded (no copies to go stale).
 *
 * MRR of a month is the sum of full monthly prices on the 'monthly' lines of that month's invoices
 * (a client invoiced for 16 days of March counts its whole monthly price: MRR is normalised).
 * So a client is in MRR for the months it is invoiced: trial, suspended and cancelled months are 0.
 * A client's MRR against the previous month gives the movements:
 *   new (0 → x, never paid before), reactivation (0 → x, paid before), expansion (x → more),
 *   contraction (x → less, not 0), churned (x → 0);  MRR(m) = MRR(m−1) + new + reactivation + expansion − contraction − churned.
 * Logo churn = clients churned in m / paying clients in m−1; revenue churn = (churned + contraction) / MRR(m−1).
 * ARPU = MRR / paying clients; LTV = average ARPU / average monthly logo churn over the range.
 * Trial conversion by the month the trial ended: trials ended, of them paid at least once.
 * DAU/MAU from successful sign-ins (login_journal): DAU = user-days with a sign-in / days of the month
 * (up to today), MAU = distinct users signed in that month. Revenue by module: invoice lines by issue month.
 * NPS = % promoters (9–10) − % detractors (0–6) of the answers in the range.
 */
type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

@Injectable()
export class MetricsService {
  constructor(private readonly db: Database) {}

  /** Month by month from `from` to `to` (YYYY-MM); `today` (YYYY-MM-DD) bounds DAU of the current month. */
  async monthly(from: string, to: string, today: string) {
    const start = `${from}-01`;
    const end = `${to}-01`;
    const k = this.db.knex;
    const months = `SELECT generate_series(?::date, ?::date, interval '1 month')::date AS m`;

    const mrr: Row[] = (
      await k.raw(
        `WITH tenant_mrr AS (
           SELECT i.tenant_id, date_trunc('month', i.period_start)::date AS m, sum(l.monthly_price_kopecks)::bigint AS mrr
             FROM platform.billing_invoices i
             JOIN platform.billing_invoice_lines l ON l.invoice_id = i.id AND l.kind = 'monthly'
            WHERE i.status <> 'void'
            GROUP BY 1, 2),
         -- from the first invoiced month (for "paid before") or the month before the range (for the first movement)
         months AS (
           SELECT generate_series(least((SELECT min(m) FROM tenant_mrr), (?::date - interval '1 month')::date), ?::date, interval '1 month')::date AS m),
         grid AS (
           SELECT c.tenant_id, mo.m, coalesce(tm.mrr, 0) AS mrr
             FROM (SELECT DISTINCT tenant_id FROM tenant_mrr) c
            CROSS JOIN months mo
             LEFT JOIN tenant_mrr tm ON tm.tenant_id = c.tenant_id AND tm.m = mo.m),
         moves AS (
           SELECT m, mrr,
                  coalesce(lag(mrr) OVER (PARTITION BY tenant_id ORDER BY m), 0) AS prev,
                  coalesce(bool_or(mrr > 0) OVER (PARTITION BY tenant_id ORDER BY m ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS paid_before
             FROM grid),
         per_month AS (
           SELECT m,
                  sum(mrr)::bigint AS mrr,
                  sum(prev)::bigint AS prev_mrr,
                  count(*) FILTER (WHERE mrr > 0)::int AS paying,
                  count(*) FILTER (WHERE prev > 0)::int AS paying_prev,
                  coalesce(sum(mrr) FILTER (WHERE prev = 0 AND mrr > 0 AND NOT paid_before), 0)::bigint AS new_mrr,
                  coalesce(sum(mrr) FILTER (WHERE prev = 0 AND mrr > 0 AND paid_before), 0)::bigint AS reactivation_mrr,
                  coalesce(sum(mrr - prev) FILTER (WHERE prev > 0 AND mrr > prev), 0)::bigint AS expansion_mrr,
                  coalesce(sum(prev - mrr) FILTER (WHERE prev > 0 AND mrr > 0 AND mrr < prev), 0)::bigint AS contraction_mrr,
                  coalesce(sum(prev) FILTER (WHERE prev > 0 AND mrr = 0), 0)::bigint AS churned_mrr,
                  count(*) FILTER (WHERE prev > 0 AND mrr = 0)::int AS churned
             FROM moves GROUP BY m)
         SELECT to_char(mo.m, 'YYYY-MM') AS month,
                coalesce(p.mrr, 0) AS mrr, coalesce(p.mrr, 0) * 12 AS arr,
                coalesce(p.new_mrr, 0) AS new_mrr, coalesce(p.reactivation_mrr, 0) AS reactivation_mrr,
                coalesce(p.expansion_mrr, 0) AS expansion_mrr, coalesce(p.contraction_mrr, 0) AS contraction_mrr,
                coalesce(p.churned_mrr, 0) AS churned_mrr,
                coalesce(p.paying, 0) AS paying, coalesce(p.churned, 0) AS churned,
                CASE WHEN p.paying_prev > 0 THEN round(p.churned::numeric / p.paying_prev, 4) END AS logo_churn,
                CASE WHEN p.prev_mrr > 0 THEN round((p.churned_mrr + p.contraction_mrr)::numeric / p.prev_mrr, 4) END AS revenue_churn,
                CASE WHEN p.paying > 0 THEN round(p.mrr::numeric / p.paying) END AS arpu
           FROM (${months}) mo LEFT JOIN per_month p ON p.m = mo.m
          ORDER BY mo.m`,
        [start, end, start, end],
      )
    ).rows;

    const trials: Row[] = (
      await k.raw(
        `SELECT to_char(date_trunc('month', t.trial_ends_on), 'YYYY-MM') AS month, count(*)::int AS ended, count(a.first_paid_at)::int AS converted
           FROM platform.billing_accounts a JOIN platform.tenants t ON t.id = a.tenant_id
          WHERE t.trial_ends_on BETWEEN ?::date AND (?::date + interval '1 month - 1 day')
          GROUP BY 1`,
        [start, end],
      )
    ).rows;

    // New clients by month: signed up (the tenant created, Moscow date) and first paid (the first Счёт paid in full).
    const newClients: Row[] = (
      await k.raw(
        `SELECT month, sum(signed)::int AS signed, sum(paid)::int AS paid FROM (
           SELECT to_char(t.created_at AT TIME ZONE ${BILLING_ZONE_SQL}, 'YYYY-MM') AS month, 1 AS signed, 0 AS paid
             FROM platform.tenants t WHERE t.status <> 'provisioning'
           UNION ALL
           SELECT to_char(a.first_paid_at AT TIME ZONE ${BILLING_ZONE_SQL}, 'YYYY-MM'), 0, 1
             FROM platform.billing_accounts a WHERE a.first_paid_at IS NOT NULL) x
          WHERE month BETWEEN to_char(?::date, 'YYYY-MM') AND to_char(?::date, 'YYYY-MM')
          GROUP BY month`,
        [start, end],
      )
    ).rows;

    const activity: Row[] = (
      await k.raw(
        `WITH signins AS (
           SELECT (at AT TIME ZONE ${BILLING_ZONE_SQL})::date AS d, user_id
             FROM platform.login_journal
            WHERE success AND tenant_id IS NOT NULL AND user_id IS NOT NULL)
         SELECT to_char(date_trunc('month', d), 'YYYY-MM') AS month,
                count(DISTINCT (d, user_id))::int AS user_days,
                count(DISTINCT user_id)::int AS mau,
                -- days of the month so far: all of a past month, up to today in the current one
                least(extract(day FROM date_trunc('month', d) + interval '1 month - 1 day')::int, ?::date - date_trunc('month', d)::date + 1) AS days
           FROM signins
          WHERE d BETWEEN ?::date AND (?::date + interval '1 month - 1 day')
          GROUP BY date_trunc('month', d)`,
        [today, start, end],
      )
    ).rows;

    const collected: Row[] = (
      await k.raw(
        `SELECT month, sum(amount)::bigint AS amount FROM (
           SELECT to_char(paid_on, 'YYYY-MM') AS month, amount_kopecks AS amount FROM platform.billing_payments WHERE status = 'succeeded' AND paid_on IS NOT NULL
           UNION ALL
           SELECT to_char(refunded_on, 'YYYY-MM'), -amount_kopecks FROM platform.billing_refunds WHERE status = 'succeeded') x
          GROUP BY month`,
      )
    ).rows;

    const byModule: Row[] = (
      await k.raw(
        `SELECT to_char(i.issued_on, 'YYYY-MM') AS month, l.module_code AS module, sum(l.amount_kopecks)::bigint AS amount
           FROM platform.billing_invoices i JOIN platform.billing_invoice_lines l ON l.invoice_id = i.id
          WHERE i.status <> 'void' AND i.issued_on BETWEEN ?::date AND (?::date + interval '1 month - 1 day')
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [start, end],
      )
    ).rows;

    const find = (rows: Row[], month: string) => rows.find((r) => r.month === month);
    const result = mrr.map((r) => {
      const month = r.month as string;
      const t = find(trials, month);
      const a = find(activity, month);
      const dau = a ? Math.round((Number(a.user_days) / Number(a.days)) * 100) / 100 : 0;
      return {
        month,
        mrrKopecks: Number(r.mrr),
        arrKopecks: Number(r.arr),
        newMrrKopecks: Number(r.new_mrr),
        reactivationMrrKopecks: Number(r.reactivation_mrr),
        expansionMrrKopecks: Number(r.expansion_mrr),
        contractionMrrKopecks: Number(r.contraction_mrr),
        churnedMrrKopecks: Number(r.churned_mrr),
        payingClients: Number(r.paying),
        churnedClients: Number(r.churned),
        logoChurn: num(r.logo_churn),
        revenueChurn: num(r.revenue_churn),
        arpuKopecks: num(r.arpu),
        newClients: Number(find(newClients, month)?.signed ?? 0),
        newPayingClients: Number(find(newClients, month)?.paid ?? 0),
        trialsEnded: t ? Number(t.ended) : 0,
        trialsConverted: t ? Number(t.converted) : 0,
        trialConversion: t && Number(t.ended) > 0 ? Math.round((Number(t.converted) / Number(t.ended)) * 10000) / 10000 : null,
        dau,
        mau: a ? Number(a.mau) : 0,
        // from the unrounded DAU: user-days / days / MAU
        dauMau: a && Number(a.mau) > 0 ? Math.round((Number(a.user_days) / Number(a.days) / Number(a.mau)) * 10000) / 10000 : null,
        collectedKopecks: Number(find(collected, month)?.amount ?? 0),
        revenueByModuleKopecks: Object.fromEntries(byModule.filter((m) => m.month === month).map((m) => [m.module, Number(m.amount)])),
      };
    });

    // LTV over the range: average ARPU / average monthly logo churn (no churn → not defined).
    const arpus = result.filter((m) => m.arpuKopecks !== null).map((m) => m.arpuKopecks as number);
    const churns = result.filter((m) => m.logoChurn !== null).map((m) => m.logoChurn as number);
    const avgArpu = arpus.length ? arpus.reduce((s, v) => s + v, 0) / arpus.length : 0;
    const avgChurn = churns.length ? churns.reduce((s, v) => s + v, 0) / churns.length : 0;
    return { months: result, ltvKopecks: avgChurn > 0 ? Math.round(avgArpu / avgChurn) : null, nps: await this.nps(start, end) };
  }

  async nps(start: string, end: string) {
    const row = (
      await this.db.knex.raw(
        `SELECT count(*)::int AS responses,
                count(*) FILTER (WHERE score >= 9)::int AS promoters,
                count(*) FILTER (WHERE score BETWEEN 7 AND 8)::int AS passives,
                count(*) FILTER (WHERE score <= 6)::int AS detractors,
                CASE WHEN count(*) > 0 THEN round(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*), 1) END AS score
           FROM platform.nps_responses
          WHERE (at AT TIME ZONE ${BILLING_ZONE_SQL})::date BETWEEN ?::date AND (?::date + interval '1 month - 1 day')`,
        [start, end],
      )
    ).rows[0];
    return { responses: row.responses, promoters: row.promoters, passives: row.passives, detractors: row.detractors, score: num(row.score) };
  }
}
