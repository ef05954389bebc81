import { WebhookDispatcher } from './dispatcher';
import { WebhooksController } from './webhooks.controller';

export const webhookControllers = [WebhooksController];
export const webhookProviders = [WebhookDispatcher];
export { startWebhookDispatcher } from './scheduler';
export { webhookSubscriber } from './subscriber';
