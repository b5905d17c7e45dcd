/** An adapter's rest(creds, method, path, body): a JSON request to `url` with the user's headers. */
export function restCaller(url) {
  return (creds, method, path, body) => requestJson(url + path, { method, headers: creds?.headers ?? {}, body });
}

/**
 * fetch() wrapper for JSON APIs: returns the status and the parsed body (null when empty or not JSON).
 * @returns {Promise<{status: number, json: any}>}
 */
export async function requestJson(url, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, json };
}
