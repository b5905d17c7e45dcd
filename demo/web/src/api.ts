// The reference server's HTTP API (demo/server/src/http-api.mjs).

export interface SignedIn {
  token: string;
  user: { id: string; name: string };
}

export interface RoomInfo {
  id: string;
  title: string;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export const login = (server: string, name: string) =>
  call<SignedIn>(new URL('/api/login', server).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });

export const listRooms = async (server: string, token: string) =>
  (await call<{ rooms: RoomInfo[] }>(new URL('/api/rooms', server).href, { headers: { Authorization: `Bearer ${token}` } })).rooms;
