import { apiFetch } from '@workcloud/shared-ui/core';
import { useEffect, useSyncExternalStore } from 'react';

/** A page the person starred (GET /api/me/favorites). */
export interface Favorite {
  path: string;
  title: string;
  deleted: boolean;
}

/**
 * The person's «Избранное», kept on the server and shared by the star in the top bar, the side menu and
 * the home card: one list in memory, loaded once per sign-in, changed by the star.
 */
let favorites: Favorite[] = [];
let loaded = false;
const listeners = new Set<() => void>();
const publish = (next: Favorite[]) => {
  favorites = next;
  listeners.forEach((l) => l());
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

async function load() {
  loaded = true;
  publish((await apiFetch<{ items: Favorite[] }>('/api/me/favorites')).items);
}

/** The favorites of the company the person works in; `inCompany` false (the platform owner): none. */
export function useFavorites(inCompany: boolean): Favorite[] {
  useEffect(() => {
    if (inCompany && !loaded) load().catch(() => (loaded = false));
  }, [inCompany]);
  return useSyncExternalStore(subscribe, () => favorites);
}

export async function star(path: string, title: string) {
  const saved = await apiFetch<Favorite>('/api/me/favorites', { method: 'POST', body: { path, title } });
  publish([saved, ...favorites.filter((f) => f.path !== path)]);
}

export async function unstar(path: string) {
  await apiFetch(`/api/me/favorites?path=${encodeURIComponent(path)}`, { method: 'DELETE' });
  publish(favorites.filter((f) => f.path !== path));
}

/** The title of the page on screen: its heading, else the document's title. */
export function pageTitle(): string {
  return document.querySelector('main h1')?.textContent?.trim() || document.title;
}

/** Tells the server the person opened `path` (their «История», on every device); a failure only loses that entry. */
export function recordVisit(path: string) {
  apiFetch('/api/me/history', { method: 'POST', body: { path, title: pageTitle() } }).catch(() => undefined);
}
