// The signed-in user, per browser tab and server: a reload stays signed in,
// another tab may be someone else (how the demo is tried with two users).
import type { SignedIn } from './api';

const keyFor = (server: string) => `chatwire-demo:${server}`;

export function loadSession(server: string): SignedIn | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(keyFor(server)) ?? 'null');
    return saved && typeof saved.token === 'string' && typeof saved.user?.id === 'string' ? saved : null;
  } catch {
    return null;
  }
}

export function saveSession(server: string, session: SignedIn | null): void {
  if (session) sessionStorage.setItem(keyFor(server), JSON.stringify(session));
  else sessionStorage.removeItem(keyFor(server));
}
