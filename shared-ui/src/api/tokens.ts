/**
 * Session tokens and the one fetch every WorkCloud screen uses.
 * The refresh token is single-use on the server, so concurrent 401s must share ONE refresh call:
 * `refreshOnce` keeps the in-flight promise and everybody awaits it.
 */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'wc.session';

export function readTokens(): TokenPair | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as TokenPair) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: TokenPair | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  else localStorage.removeItem(KEY);
}

/** An RFC 9457 problem from the backend; `detail` is Russian and meant for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
    readonly body: any = undefined,
  ) {
    super(detail || title);
  }
}

/** Fired when the session cannot be refreshed any more: the shell shows the sign-in page. */
export const SESSION_EXPIRED_EVENT = 'wc:session-expired';

let inflightRefresh: Promise<boolean> | null = null;

/** Exchanges the refresh token once, however many requests ask at the same time. */
export function refreshOnce(): Promise<boolean> {
  if (!inflightRefresh) {
    inflightRefresh = (async () => {
      const tokens = readTokens();
      if (!tokens?.refreshToken) return false;
      try {
        const res = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: tokens.refreshToken }),
        });
        if (!res.ok) return false;
        saveTokens(await res.json());
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      inflightRefresh = null;
    });
  }
  return inflightRefresh;
}

async function toError(res: Response): Promise<ApiError> {
  let body: any;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const detail = body?.detail ?? (res.status >= 500 ? 'Сервер временно недоступен. Попробуйте ещё раз через минуту.' : `Ошибка ${res.status}`);
  return new ApiError(res.status, body?.title ?? res.statusText, detail, body?.errors ?? [], body);
}

/**
 * JSON over HTTP with the bearer token; on 401 refreshes the session once and repeats the call.
 * Throws ApiError with the server's Russian `detail`.
 */
export async function apiFetch<T = any>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal; auth?: boolean } = {}): Promise<T> {
  const send = () => {
    const tokens = readTokens();
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (tokens && init.auth !== false) headers.authorization = `Bearer ${tokens.accessToken}`;
    return fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
  };
  let res = await send();
  if (res.status === 401 && init.auth !== false && readTokens()) {
    if (await refreshOnce()) res = await send();
    else {
      saveTokens(null);
      window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    }
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
