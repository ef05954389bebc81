import { useEffect } from 'react';
import { apiFetch } from '../api/tokens';
import { refTarget } from './api';
import type { EngineField } from './types';

type Filtered = Pick<EngineField, 'name' | 'filter' | 'fillWhenOnly'> & { ref?: string | null };
/** A form value nobody has filled in yet. */
export const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * A reference field's declared `filter` as list filters for its picker, with the form's current values
 * (the contracts of the chosen counterparty); a condition on a field left empty is left out.
 */
export function refFilterOf(field: Filtered, values: Record<string, unknown>): Record<string, string> | undefined {
  if (!field.filter) return field.fillWhenOnly ? {} : undefined;
  const out: Record<string, string> = {};
  for (const [column, cond] of Object.entries(field.filter)) {
    if (typeof cond === 'string') out[column] = cond;
    else if (!empty(values[cond.field])) out[column] = String(values[cond.field]);
  }
  return out;
}

/** The fields whose filter depends on `name`: what a new value of `name` makes out of date. */
export function dependentsOf(fields: Filtered[], name: string): string[] {
  return fields.filter((f) => Object.values(f.filter ?? {}).some((c) => typeof c !== 'string' && c.field === name)).map((f) => f.name);
}

/**
 * Fills each empty `fillWhenOnly` reference with the only item that fits its filter, once the fields it
 * depends on are set — as the server does on save, so the person sees the contract before saving.
 */
export function useFillWhenOnly(module: string, fields: Filtered[], values: Record<string, unknown>, setValue: (name: string, v: unknown) => void, enabled: boolean) {
  const wanted = fields
    .filter((f) => f.fillWhenOnly && f.ref && empty(values[f.name]) && Object.values(f.filter ?? {}).every((c) => typeof c === 'string' || !empty(values[c.field])))
    .map((f) => ({ field: f, query: new URLSearchParams({ limit: '2', ...refFilterOf(f, values) }).toString() }));
  const key = wanted.map((w) => `${w.field.name}?${w.query}`).join('|');
  useEffect(() => {
    if (!enabled || !wanted.length) return;
    let live = true;
    for (const { field, query } of wanted) {
      const target = refTarget(module, field.ref!);
      apiFetch<{ items: { id: string }[] }>(`/api/${target.module}/catalogs/${target.code}?${query}`).then(
        (r) => live && r.items.length === 1 && setValue(field.name, r.items[0].id),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);
}
