// What every target answers over HTTP the same way: the reference server's
// login, and whether its Engine.IO endpoint takes long-polling.

/**
 * Signs `name` in through `POST /api/login`.
 * @returns {Promise<{ user: { id: string, name: string }, token: string }>}
 */
export async function signIn(url, name) {
  const response = await fetch(new URL('/api/login', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`POST ${url}/api/login as ${name}: ${response.status} ${await response.text()}`);
  const { token, user } = await response.json();
  return { token, user: { id: user.id, name: user.name } };
}

/**
 * Whether the server opens an Engine.IO session over long-polling: the handshake is a GET that a
 * WebSocket-only server answers with 400 "Transport unknown".
 */
export async function speaksPolling(url) {
  const response = await fetch(new URL('/socket.io/?EIO=4&transport=polling', url));
  const body = await response.text();
  return response.ok && body.startsWith('0{');
}

/**
 * How many Socket.IO connections the server (or node) at `url` has open now, from its
 * `GET /api/health`; null if it does not answer.
 */
export async function openConnections(url) {
  try {
    const response = await fetch(new URL('/api/health', url));
    return response.ok ? (await response.json()).connections ?? null : null;
  } catch {
    return null;
  }
}
