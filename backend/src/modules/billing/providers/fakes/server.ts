import type { FastifyInstance } from 'fastify';

export interface RunningFake {
  /** The base URL to give the adapter as `baseUrl`. */
  url: string;
  close(): Promise<void>;
}

/** Starts a fake on a free loopback port; `basePath` is where the real provider's API lives (e.g. /v3). */
export async function listenOnLoopback(app: FastifyInstance, basePath: string): Promise<RunningFake> {
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: origin + basePath, close: () => app.close() };
}
