import { webhookSubscriber } from '../webhooks/subscriber';
import { defineModule } from './define-module';

/** The company admin's pages: every tenant has them. */
export const adminModule = defineModule({
  code: 'admin',
  kind: 'included',
  title: 'Администрирование',
  titleEn: 'Administration',
  description: 'Пользователи, роли, подключённые модули',
  monthlyPriceKopecks: 0,
  ui: { remote: 'admin', version: '0.1.0' },
  // The company's outgoing webhooks follow engine events.
  subscribers: [webhookSubscriber],
});

/** The platform owner's console. */
export const ownerModule = defineModule({
  code: 'owner',
  kind: 'owner',
  title: 'Консоль владельца',
  titleEn: 'Owner console',
  description: 'Клиенты, подключение, биллинг, метрики',
  monthlyPriceKopecks: 0,
  ui: { remote: 'owner', version: '0.1.0' },
});

/** The platform's own UIs, before the business modules. */
export const platformModules = [adminModule, ownerModule];

/**
 * The generic pages of the configuration engine (lists, forms, reports from a module's metadata) are
 * the federated remote built from microfrontends/trade; a module with `ui: { remote: 'engine' }` uses it.
 */
export const ENGINE_UI = { remoteName: 'trade', version: '0.1.0' };
