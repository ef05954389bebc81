/** Outgoing webhooks' settings (README: WEBHOOKS_ALLOW_PRIVATE, WEBHOOKS_DISPATCH_SECONDS). */
export interface WebhookConfig {
  /** Deliver to private and loopback addresses too (tests, a closed network); off by default against SSRF. */
  allowPrivate: boolean;
  /** How often due deliveries are sent (0 = not by this process). */
  dispatchSeconds: number;
}

export function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  return {
    allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === 'true',
    dispatchSeconds: Number(env.WEBHOOKS_DISPATCH_SECONDS ?? 15),
  };
}
