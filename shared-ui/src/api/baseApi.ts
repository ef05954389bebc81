import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import { apiFetch, ApiError } from './tokens';

export interface ApiArgs {
  url: string;
  method?: string;
  body?: unknown;
  params?: Record<string, string | number | undefined | null>;
}

/** Query-string without empty values, so `?q=` never reaches the server. */
export function withParams(url: string, params?: ApiArgs['params']): string {
  if (!params) return url;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${url}?${s}` : url;
}

const baseQuery: BaseQueryFn<ApiArgs | string, unknown, ApiError> = async (args, api) => {
  const a = typeof args === 'string' ? { url: args } : args;
  try {
    const data = await apiFetch(withParams(a.url, a.params), { method: a.method, body: a.body, signal: api.signal });
    return { data };
  } catch (e) {
    if (e instanceof ApiError) return { error: e };
    return { error: new ApiError(0, 'Нет связи', 'Нет связи с сервером. Проверьте подключение к интернету.') };
  }
};

/**
 * The one RTK Query API of the page. Module UIs add their endpoints with `baseApi.injectEndpoints`
 * (shared-ui is a federation singleton, so it is the same object the shell's store was built with).
 */
export const baseApi = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: ['Me', 'User', 'Role', 'Module', 'Tenant', 'OwnerModule'],
  endpoints: () => ({}),
});
