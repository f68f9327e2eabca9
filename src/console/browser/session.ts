/**
 * Where the console keeps its token: in memory and in this tab's sessionStorage (so a reload keeps
 * you signed in), never in localStorage or a cookie. The demo hands the token over in the URL
 * fragment (`/console#token=...`), which browsers never send to a server; it is removed at once so
 * that it stays out of history and bookmarks.
 */
const STORAGE_KEY = 'usergate.console.token';

export function takeTokenFromFragment(): string | null {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token === null) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const trimmed = token.trim();
  return trimmed === '' ? null : trimmed;
}

export function storedToken(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
