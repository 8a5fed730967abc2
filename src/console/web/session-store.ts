/**
 * The login kept in sessionStorage: it lives as long as the tab (one shift), is not shared with
 * other tabs (one agent may test as another user in a second tab), and is gone when the tab closes.
 */
import type { AuthUser } from './types.js';

const TOKEN = 'console.token';
const USER = 'console.user';

export function readToken(): string | null {
  return sessionStorage.getItem(TOKEN);
}

export function readUser(): AuthUser | null {
  const raw = sessionStorage.getItem(USER);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as AuthUser;
  } catch {
    return null;
  }
}

export function storeLogin(token: string, user: AuthUser): void {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(USER, JSON.stringify(user));
}

export function clearLogin(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
  // the next user of this tab starts live updates afresh, not from the last one's position
  sessionStorage.removeItem('console.lastSeq');
}

/**
 * How often the consoles poll when the realtime gateway is unreachable. `?pollMs=` on any console
 * URL sets it for the tab (the browser tests use 1 s); the default suits a console open all day.
 */
export function pollInterval(): number {
  const fromUrl = new URLSearchParams(location.search).get('pollMs');
  if (fromUrl && /^\d+$/.test(fromUrl)) sessionStorage.setItem('console.pollMs', fromUrl);
  const value = Number(sessionStorage.getItem('console.pollMs') ?? '5000');
  return Math.max(500, Math.min(60000, value));
}
