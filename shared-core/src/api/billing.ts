/** GET/PUT /api/owner/billing/settings: the owner's billing rules. */
export interface BillingSettings {
  trialDays: number;
  /** Days after issue until a Счёт is due. */
  paymentDueDays: number;
  /** Days a client may stay past due before being suspended. */
  graceDays: number;
  /** How often an overdue client is reminded. */
  reminderEveryDays: number;
  /** Days before a Счёт is due that its payer is reminded (0: only on the due date). */
  remindBeforeDays: number;
  /** How long a cancelled client's data is kept before the owner may archive it. */
  retentionDays: number;
}
