import type { TFunction } from 'i18next';
import { ApiError } from '../api/tokens';

/** Small validators returning a localized message or null; pages combine them per field. */
export const rules = {
  required: (t: TFunction) => (v: unknown) => (v === null || v === undefined || String(v).trim() === '' ? t('common:required') : null),
  email: (t: TFunction) => (v: string) => (v && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? t('common:invalidEmail') : null),
  minLength: (t: TFunction, min: number) => (v: string) => (v && v.trim().length < min ? t('common:tooShort', { min }) : null),
};

export function firstError(...results: (string | null)[]): string | null {
  return results.find((r) => r) ?? null;
}

/** The server's `errors[{field, message}]` as a map field → message, to show under the inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) for (const e of error.errors) if (e.field && !out[e.field]) out[e.field] = e.message;
  return out;
}
