import { defineModule } from '../../platform/modules/define-module';
import { billingControllers, billingProviders } from './index';

/** WorkCloud's own billing of its clients: part of the platform, never sold, no tenant tables. */
export const billingModule = defineModule({
  code: 'billing',
  kind: 'platform',
  title: 'Биллинг WorkCloud',
  titleEn: 'WorkCloud billing',
  description: 'Подписки, счета, оплаты, метрики владельца',
  monthlyPriceKopecks: 0,
  controllers: billingControllers,
  providers: billingProviders,
});
