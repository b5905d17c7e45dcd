// What the server has STORED, read over the native protocol with
// socket.io-client, independently of the page under test: an "exactly once"
// on screen is only half the proof; the other half is the room's history.
import { io } from 'socket.io-client';

const TIMEOUT_MS = 5_000;

interface StoredMessage {
  id: string;
  seq: number;
  text: string;
  author: { id: string; name: string };
  clientId: string | null;
  /** Edits, deletes, reactions and replies (docs/protocol.md, "Changing messages"). */
  version?: number;
  deleted?: boolean;
  reactions?: { emoji: string; users: string[] }[];
  replyTo?: { id: string } | null;
}

/** Signs a user in through `POST /api/login`; returns the token and user. */
export async function login(serverUrl: string, name: string): Promise<{ token: string; user: { id: string; name: string } }> {
  const response = await fetch(new URL('/api/login', serverUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`POST /api/login ${name}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The whole history of `roomId`, oldest first, as a separate user ("History probe") reads it. */
export async function storedMessages(serverUrl: string, roomId: string): Promise<StoredMessage[]> {
  const { token } = await login(serverUrl, 'History probe');
  const socket = io(serverUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`history probe: ${error.message}`)));
    });
    const joined = await request(socket, 'join', { room: roomId });
    const messages: StoredMessage[] = [...joined.messages];
    let hasMore: boolean = joined.hasMore;
    while (hasMore && messages.length > 0) {
      const page = await request(socket, 'history', { room: roomId, before: messages[0]!.seq, limit: 100 });
      messages.unshift(...page.messages);
      hasMore = page.hasMore && page.messages.length > 0;
    }
    return messages;
  } finally {
    socket.disconnect();
  }
}

/** The texts of the stored history of `roomId`, oldest first. */
export async function storedTexts(serverUrl: string, roomId: string): Promise<string[]> {
  return (await storedMessages(serverUrl, roomId)).map((message) => message.text);
}

/**
 * `name` joins `roomId` and sends `text` as a reply to the message at `replyToSeq`
 * (found with `history {before}`), over the native protocol, as another client would.
 */
export async function sendReplyAs(serverUrl: string, name: string, roomId: string, text: string, replyToSeq: number): Promise<{ parentId: string }> {
  const { token } = await login(serverUrl, name);
  const socket = io(serverUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`probe: ${error.message}`)));
    });
    await request(socket, 'join', { room: roomId });
    const page = await request(socket, 'history', { room: roomId, before: replyToSeq + 1, limit: 1 });
    const parentId = page.messages[0]!.id;
    const ack = await socket.timeout(TIMEOUT_MS).emitWithAck('send', { room: roomId, clientId: `probe-${Date.now()}`, text, replyTo: parentId });
    if (!ack?.ok) throw new Error(`probe: send failed: ${JSON.stringify(ack?.error)}`);
    return { parentId };
  } finally {
    socket.disconnect();
  }
}

/** The part of the `join` and `history` acks the probe reads (docs/protocol.md). */
interface PageAck {
  ok: boolean;
  error?: { code: string; message: string };
  messages: StoredMessage[];
  hasMore: boolean;
}

/** One request and its ack; throws on `{ok: false}`. */
async function request(socket: ReturnType<typeof io>, event: 'join' | 'history', payload: object): Promise<PageAck> {
  const ack: PageAck | undefined = await socket.timeout(TIMEOUT_MS).emitWithAck(event, payload);
  if (!ack?.ok) throw new Error(`history probe: ${event} failed: ${JSON.stringify(ack?.error)}`);
  return ack;
}
