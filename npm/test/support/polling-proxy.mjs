// A tiny HTTP proxy on 127.0.0.1 in front of a Socket.IO server, for the
// polling tests. It forwards HTTP long-polling requests and their answers as
// they are, unless a test scripts the next one (a status, a cut body, a
// rewritten sid, packets added to an answer), and meets WebSocket upgrades as
// told: forwarded, refused, or accepted and then silent: the proxy hang of
// socket.io issues 1277, 2751 and 1322, where the socket opens and no
// Engine.IO packet ever comes.
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * @param {string} target the server's http://127.0.0.1:<port> URL
 * @returns {Promise<PollingProxy>}
 *
 * @typedef {object} PollingProxy
 * @property {string} url                 the proxy's URL, for createChatClient
 * @property {'forward' | 'silent' | 'refuse'} websocket  what WebSocket upgrades meet
 * @property {string[]} log               every request: "GET polling", "POST polling sid", "UPGRADE websocket sid", ...
 * @property {(handler: ScriptedAnswer, method?: 'GET' | 'POST') => void} scriptNext  takes over the next
 *   polling request with a sid (of that method, when given)
 * @property {() => Promise<void>} close
 *
 * @callback ScriptedAnswer
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {(options?: { path?: string, transformBody?: (body: string) => string }) => void} forward
 */
export async function startPollingProxy(target) {
  const upstream = new URL(target);
  const sockets = new Set();
  /** @type {{ handler: ScriptedAnswer, method: string | undefined }[]} */
  const scripted = [];

  const forwardTo = (req, res) => ({ path = req.url, transformBody } = {}) => {
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
      if (!transformBody) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = transformBody(Buffer.concat(chunks).toString('utf8'));
        const headers = { ...answer.headers, 'content-length': Buffer.byteLength(body) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://proxy').searchParams;
    proxy.log.push(`${req.method} ${query.get('transport')}${query.has('sid') ? ' sid' : ''}`);
    const forward = forwardTo(req, res);
    const at = query.has('sid') ? scripted.findIndex(({ method }) => method === undefined || method === req.method) : -1;
    if (at >= 0) scripted.splice(at, 1)[0].handler(req, res, forward);
    else forward();
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req, socket, head) => {
    const query = new URL(req.url ?? '/', 'http://proxy').searchParams;
    proxy.log.push(`UPGRADE ${query.get('transport')}${query.has('sid') ? ' sid' : ''}`);
    socket.on('error', () => {});
    if (proxy.websocket === 'refuse') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (proxy.websocket === 'silent') {
      // A valid handshake, so the client's socket opens; then nothing, ever.
      const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${WEBSOCKET_GUID}`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      return;
    }
    const raw = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) raw.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    const out = connect(Number(upstream.port), upstream.hostname, () => {
      out.write(`${req.method} ${req.url} HTTP/1.1\r\n${raw.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) out.write(head);
      socket.pipe(out).pipe(socket);
    });
    sockets.add(out);
    out.on('close', () => sockets.delete(out));
    out.on('error', () => socket.destroy());
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  /** @type {PollingProxy} */
  const proxy = {
    url: `http://127.0.0.1:${port}`,
    websocket: 'forward',
    log: [],
    scriptNext: (handler, method) => scripted.push({ handler, method }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
