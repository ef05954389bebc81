/**
 * The browser keeps the refresh token in an HttpOnly cookie that only the sign-in routes receive: page scripts
 * (and so an injected one) cannot read it, and SameSite=Strict keeps other sites' pages from sending it.
 * Scripts and other non-browser clients keep passing refreshToken in the body.
 */
export const REFRESH_COOKIE = 'wc_refresh';

export function refreshTokenFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === REFRESH_COOKIE && /^[A-Za-z0-9_-]{20,100}$/.test(value)) return value;
  }
  return undefined;
}

export function refreshCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=/api/auth; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedRefreshCookie(secure: boolean): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; Path=/api/auth; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
