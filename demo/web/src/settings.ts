// What the page connects to, from its query string: by default the
// reference server it is served from; `?server=` another one; `?preset=` a
// seed backend, with what the page cannot ask that backend for itself;
// `?share=off` a connection of this tab's own (with the offline switch);
// `?transports=polling` (or `polling,websocket`) the transports to try, in order.
import type { PresetName, TransportName } from 'chatwire';

export interface Settings {
  /** The Socket.IO server (and, for the native protocol, the HTTP API). */
  server: string;
  preset: PresetName;
  /** For a foreign backend: who the user is, and how to authenticate. */
  user: { id: string; name: string } | null;
  token: string | null;
  /** Where the token goes: the CONNECT auth object or the URL query. */
  tokenIn: 'auth' | 'query';
  /** For a foreign backend: the room ids to list (it has no room list the page knows). */
  rooms: string[];
  /**
   * 'auto': the tabs of this browser share one connection (the package's
   * default). 'off': this tab has its own, which the offline switch can cut
   * (a switched WebSocket cannot be handed to the shared worker).
   */
  share: 'auto' | 'off';
  /** The transports to try, in order; null: the package's default (WebSocket, then polling). */
  transports: TransportName[] | null;
}

const PRESETS: readonly PresetName[] = ['chatwire', 'flask-rooms', 'flask-shows', 'nest-conversations', 'express-conversations', 'flask-multiroom'];

/** Reads the settings from a query string such as location.search. */
export function readSettings(search: string, origin: string): Settings {
  const params = new URLSearchParams(search);
  const preset = params.get('preset') ?? 'chatwire';
  if (!PRESETS.includes(preset as PresetName)) throw new Error(`unknown preset "${preset}"; one of ${PRESETS.join(', ')}`);
  const id = params.get('user');
  const name = params.get('name') ?? id;
  return {
    server: params.get('server') ?? origin,
    preset: preset as PresetName,
    user: id ? { id, name: name ?? id } : null,
    token: params.get('token'),
    tokenIn: params.get('tokenIn') === 'query' ? 'query' : 'auth',
    rooms: (params.get('rooms') ?? '').split(',').map((room) => room.trim()).filter(Boolean),
    share: params.get('share') === 'off' ? 'off' : 'auto',
    transports: readTransports(params.get('transports')),
  };
}

/** `websocket`, `polling` or both, comma-separated, in the order to try them. */
function readTransports(text: string | null): TransportName[] | null {
  if (text === null || text === '') return null;
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.find((name) => name !== 'websocket' && name !== 'polling');
  if (unknown !== undefined) throw new Error(`unknown transport "${unknown}"; websocket or polling`);
  return names as TransportName[];
}

/** The query string that gives `settings` (what the settings panel writes). */
export function settingsQuery(
  settings: Partial<Record<'server' | 'preset' | 'user' | 'name' | 'token' | 'tokenIn' | 'rooms' | 'share' | 'transports', string>>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(settings)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The native protocol, where the page signs in and lists rooms over HTTP. */
export const isNative = (settings: Settings) => settings.preset === 'chatwire';
