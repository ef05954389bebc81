import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { BillingClock } from './clock';
import { addDays, moscowDate } from './dates';

/** Ask a user again only this long after their last answer. */
export const NPS_INTERVAL_DAYS = 90;
/** Ask for the first time only after the person has used WorkCloud this long (a first-day opinion says little). */
export const NPS_FIRST_ASK_DAYS = 14;

/** The in-app NPS survey: «Насколько вероятно, что вы порекомендуете WorkCloud?» 0–10. */
@Injectable()
export class NpsService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
  ) {}

  async due(userId: string) {
    const last = await this.db.knex('platform.nps_responses').where({ user_id: userId }).orderBy('at', 'desc').first('at');
    if (!last) {
      const user = await this.db.knex('platform.users').where({ id: userId }).first('created_at');
      const askAfter = addDays(moscowDate(new Date(user.created_at)), NPS_FIRST_ASK_DAYS);
      return { due: askAfter <= this.clock.today(), lastAnsweredAt: null, askAfter };
    }
    const askAfter = addDays(moscowDate(new Date(last.at)), NPS_INTERVAL_DAYS);
    return { due: askAfter <= this.clock.today(), lastAnsweredAt: last.at, askAfter };
  }

  async answer(userId: string, tenantId: string, score: number, comment: string) {
    const due = await this.due(userId);
    // One answer per period: a double click or a script cannot tilt the score.
    if (!due.due)
      throw Problem.conflict(due.lastAnsweredAt ? `Вы уже оценили WorkCloud; следующий опрос — после ${due.askAfter}.` : `Опрос откроется ${due.askAfter}, когда вы поработаете в WorkCloud пару недель.`);
    const [row] = await this.db.knex('platform.nps_responses').insert({ user_id: userId, tenant_id: tenantId, score, comment, at: this.clock.now() }).returning(['id', 'at']);
    return { id: Number(row.id), score, at: row.at };
  }
}
