/**
 * Session tokens and the one fetch every WorkCloud screen uses.
 * The access token lives only in this module's memory (one instance for the shell and every module UI); the refresh
 * token is an HttpOnly cookie the page cannot read, sent only to /api/auth. A reload restores the session through
 * the cookie (`restoreSession`). localStorage keeps just a flag that this browser has a session — no token.
 * The refresh token is single-use on the server, so concurrent 401s must share ONE refresh call:
 * `refreshOnce` keeps the in-flight promise and everybody awaits it.
 */
export interface TokenPair {
  accessToken: string;
  /** Given to scripts; a browser keeps it in the cookie and never stores it. */
  refreshToken?: string;
}

const SIGNED_IN_FLAG = 'wc.session';
let accessToken: string | null = null;

export function readTokens(): { accessToken: string } | null {
  return accessToken ? { accessToken } : null;
}

export function saveTokens(tokens: TokenPair | null): void {
  accessToken = tokens?.accessToken ?? null;
  try {
    if (tokens) localStorage.setItem(SIGNED_IN_FLAG, '1');
    else localStorage.removeItem(SIGNED_IN_FLAG);
  } catch {
    /* storage blocked: the session still works until the page is closed */
  }
}

/**
 * A sign-in that leaves the page (through the company's identity provider) comes back with only the refresh cookie:
 * the flag tells the reloaded page to restore the session from it (a failed sign-in clears it again).
 */
export function expectSessionAfterRedirect(): void {
  try {
    localStorage.setItem(SIGNED_IN_FLAG, '1');
  } catch {
    /* storage blocked: the person signs in again on this page */
  }
}

/** Whether this browser signed in and did not sign out (the refresh cookie is worth trying). */
function hasSessionFlag(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_FLAG) !== null;
  } catch {
    return false;
  }
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

/** Exchanges the refresh cookie for a new access token once, however many requests ask at the same time. */
export function refreshOnce(): Promise<boolean> {
  if (!inflightRefresh) {
    inflightRefresh = (async () => {
      try {
        const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
        if (!res.ok) return false;
        // Only the token in memory: the flag is the sign-in's to set, so clearing storage meanwhile still signs out.
        accessToken = ((await res.json()) as TokenPair).accessToken;
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

/** After a page load: the session of this browser through the refresh cookie, if it has one. */
export async function restoreSession(): Promise<boolean> {
  if (!hasSessionFlag()) return false;
  if (await refreshOnce()) return true;
  saveTokens(null);
  return false;
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
