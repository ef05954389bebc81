import { baseApi } from '../api/baseApi';
import { readTokens, refreshOnce } from '../api/tokens';
import type { EngineKind, EngineMeta, EngineRecord, EngineReportResult } from './types';

type Params = Record<string, string | number | undefined | null>;
export interface ListArgs {
  module: string;
  kind: EngineKind;
  code: string;
  params: Params;
}
export interface ItemArgs {
  module: string;
  kind: EngineKind;
  code: string;
  id: string;
}

const listTag = (a: { module: string; kind: string; code: string }) => ({ type: 'EngineRecord' as const, id: `${a.module}/${a.kind}/${a.code}` });

/** The engine's generic REST API as RTK Query endpoints on the page's one shared API. */
export const engineApi = baseApi.enhanceEndpoints({ addTagTypes: ['EngineMeta', 'EngineRecord'] }).injectEndpoints({
  endpoints: (b) => ({
    engineMeta: b.query<EngineMeta, string>({ query: (module) => `/api/${module}/meta`, providesTags: ['EngineMeta'] }),
    engineList: b.query<{ items: EngineRecord[]; total: number }, ListArgs>({
      query: (a) => ({ url: `/api/${a.module}/${a.kind}/${a.code}`, params: a.params }),
      providesTags: (_r, _e, a) => [listTag(a)],
    }),
    engineItem: b.query<EngineRecord, ItemArgs>({
      query: (a) => `/api/${a.module}/${a.kind}/${a.code}/${a.id}`,
      providesTags: (_r, _e, a) => [listTag(a), { type: 'EngineRecord', id: a.id }],
    }),
    engineSave: b.mutation<EngineRecord, Omit<ItemArgs, 'id'> & { id?: string; body: Record<string, unknown> }>({
      query: (a) => (a.id ? { url: `/api/${a.module}/${a.kind}/${a.code}/${a.id}`, method: 'PATCH', body: a.body } : { url: `/api/${a.module}/${a.kind}/${a.code}`, method: 'POST', body: a.body }),
      // A posted document is re-posted when saved, so balances and reports may change too.
      invalidatesTags: (_r, _e, a) => (a.kind === 'documents' ? ['EngineRecord'] : [listTag(a)]),
    }),
    /** Catalog items are only marked for deletion (documents may still refer to them). */
    engineMarkDeleted: b.mutation<EngineRecord, Omit<ItemArgs, 'kind'>>({
      query: (a) => ({ url: `/api/${a.module}/catalogs/${a.code}/${a.id}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, a) => [listTag({ ...a, kind: 'catalogs' })],
    }),
    /** Провести / Отменить проведение. */
    engineDocumentAction: b.mutation<EngineRecord, { module: string; code: string; id: string; action: 'post' | 'cancel' }>({
      query: (a) => ({ url: `/api/${a.module}/documents/${a.code}/${a.id}/${a.action}`, method: 'POST' }),
      // Posting changes balances, so reports and lists of every kind may change.
      invalidatesTags: ['EngineRecord'],
    }),
    /** A document form's declared action (e.g. «Заполнить»): the module's route answers with the lines to put in the form. */
    engineFormAction: b.mutation<Record<string, unknown>, { route: string; body: Record<string, unknown> }>({
      query: (a) => ({ url: a.route, method: 'POST', body: a.body }),
    }),
    engineReport: b.query<EngineReportResult, { module: string; code: string; params: Params }>({
      query: (a) => ({ url: `/api/${a.module}/reports/${a.code}`, params: a.params }),
      providesTags: ['EngineRecord'],
    }),
  }),
});

export const { useEngineMetaQuery, useEngineListQuery, useEngineItemQuery, useEngineSaveMutation, useEngineMarkDeletedMutation, useEngineDocumentActionMutation, useEngineFormActionMutation, useEngineReportQuery } = engineApi;

/** A `ref` of a field ("items" or "trade.products") → where its catalog lives. */
export function refTarget(module: string, ref: string): { module: string; code: string } {
  const [a, b] = ref.split('.');
  return b ? { module: a, code: b } : { module, code: a };
}

/**
 * Asks the server to compute an unsaved document (amounts, VAT, totals) with the same function it uses
 * on save — the form never re-implements tax rules. Returns null when the draft is not valid yet.
 */
export async function computeDocument(module: string, code: string, body: Record<string, unknown>): Promise<EngineRecord | null> {
  const send = () =>
    fetch(`/api/${module}/documents/${code}/compute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readTokens()?.accessToken ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  let res = await send();
  if (res.status === 401 && (await refreshOnce())) res = await send();
  return res.ok ? ((await res.json()) as EngineRecord) : null;
}
