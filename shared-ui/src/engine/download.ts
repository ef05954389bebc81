import { readTokens, refreshOnce } from '../api/tokens';

/**
 * Downloads a file the API only gives with the bearer token (an <a href> cannot send it):
 * fetch → blob → a temporary object URL clicked on the user's behalf. `post` sends a JSON body
 * (a file made from a request, e.g. payment orders for chosen documents).
 */
export async function downloadWithToken(url: string, fallbackName: string, post?: { body: unknown }): Promise<void> {
  const send = () =>
    fetch(url, {
      method: post ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${readTokens()?.accessToken ?? ''}`, ...(post ? { 'content-type': 'application/json' } : {}) },
      body: post ? JSON.stringify(post.body) : undefined,
    });
  let res = await send();
  if (res.status === 401 && (await refreshOnce())) res = await send();
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.detail ?? `Ошибка ${res.status}`);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8Name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = utf8Name ? decodeURIComponent(utf8Name) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
