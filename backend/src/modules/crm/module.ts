import { defineModule } from '../../platform/modules/define-module';
import { crmCatalogs } from './crm.catalog';
import { CrmController, CrmPublicController } from './crm.controller';
import { crmReports } from './crm.report';
import { CrmService } from './crm.service';
import { CrmMergeService } from './merge.service';
import { seedFirstFunnel } from './seed';
import { winDealsOfOrder } from './stages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * «CRM», as amoCRM / Bitrix24: clients are trade's counterparties (one list for every module) with contact persons,
 * leads from the site's web form or typed in, converted into a client and a deal; deals on a kanban board of a
 * funnel's stages (several funnels, probabilities, required fields per stage, the time spent in each stage), the
 * history of calls, meetings, e-mails, notes and tasks next to trade's documents of the client, a Заказ клиента from a
 * deal, and the deal won when its order is shipped or paid. See README.md.
 */
export const crmModule = defineModule({
  code: 'crm',
  title: 'CRM',
  titleEn: 'CRM',
  description: 'Клиенты, лиды, сделки на канбан-доске воронки, история работы с клиентом',
  descriptionEn: 'Clients, leads, deals on a funnel board, the history of work with a client',
  // 1 500,00 ₽ a month, VAT included.
  monthlyPriceKopecks: 150000,
  // Clients are trade's counterparties and a deal makes trade's Заказ клиента: CRM needs «Торговля и склад».
  depends: ['trade'],
  menuGroups: [
    { code: 'sales', title: 'Продажи', titleEn: 'Sales' },
    { code: 'clients', title: 'Клиенты', titleEn: 'Clients' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
    { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
  ],
  declarations: [...crmCatalogs, ...crmReports],
  // The manager's home page: the components are exported by the module's UI under these codes (microfrontends/crm).
  widgets: [
    { code: 'crm-my-tasks', title: 'Мои задачи на сегодня', titleEn: 'My tasks for today', subject: 'crm.my_tasks_today' },
    { code: 'crm-stuck-deals', title: 'Сделки без движения', titleEn: 'Stuck deals', subject: 'crm.stuck_deals' },
  ],
  ui: { remote: 'crm', version: '0.1.0' },
  seed: seedFirstFunnel,
  controllers: [CrmController, CrmPublicController],
  providers: [CrmService, CrmMergeService],
  documentHooks: {
    // Shipped: a posted Реализация of the deal's order wins the deal.
    'trade.sale': {
      post: async (sale, ctx) => {
        if (sale.customer_order) await winDealsOfOrder(ctx, sale.customer_order, 'shipped');
        return [];
      },
    },
    // Paid: an incoming payment whose breakdown names the deal's order (or a sale of it) wins the deal.
    'trade.money_in': {
      post: async (payment, ctx) => {
        for (const line of (payment.allocation ?? []) as { document?: string }[]) {
          if (!line.document || !UUID.test(line.document)) continue;
          const sale = await ctx.knex(ctx.table('d_trade_sale')).where({ id: line.document }).first('customer_order');
          await winDealsOfOrder(ctx, sale?.customer_order ?? line.document, 'paid');
        }
        return [];
      },
    },
  },
});
