// The signed-in page: one chat client for this user and server (a new
// provider, by key, when either changes), the rooms, and the three panes.
import type { ChatClientOptions } from 'chatwire';
import { ChatProvider } from 'chatwire/react';
import { useEffect, useMemo, useState } from 'react';
import { listRooms, type RoomInfo } from '../api';
import { OfflineSwitch } from '../offline-switch';
import { isNative, type Settings } from '../settings';
import { ConnectionPanel } from './ConnectionPanel';
import { MembersPanel } from './MembersPanel';
import { RoomView } from './RoomView';
import { Sidebar } from './Sidebar';

interface Props {
  settings: Settings;
  user: { id: string; name: string };
  token: string | null;
  onSignOut: (() => void) | null;
}

export function ChatApp({ settings, user, token, onSignOut }: Props) {
  const [offline] = useState(() => new OfflineSwitch());
  const options = useMemo((): ChatClientOptions => {
    const inQuery = settings.tokenIn === 'query' && token;
    return {
      url: settings.server,
      dialect: settings.preset,
      user,
      auth: token && !inQuery ? { token } : undefined,
      query: inQuery ? { token } : undefined,
      // A tab of its own (?share=off) goes through the offline switch; shared
      // tabs use the worker's own WebSocket and fetch, which the switch cannot reach.
      share: settings.share,
      WebSocket: settings.share === 'off' ? offline.WebSocket : undefined,
      fetch: settings.share === 'off' ? offline.fetch : undefined,
      transports: settings.transports ?? undefined,
      // Keep long histories once paged in: the list is virtualized, and only
      // changed messages cross from the Wasm core on each update.
      maxMessagesPerRoom: 10_000,
      historyPageSize: 100,
      reconnection: { initialDelayMs: 1000, maxDelayMs: 8000 },
    };
  }, [settings, user, token, offline]);

  const rooms = useRoomList(settings, token);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = openId ?? rooms.list[0]?.id ?? null;

  return (
    <ChatProvider key={`${settings.server} ${user.id}`} options={options}>
      <div className="app">
        <Sidebar user={user} rooms={rooms.list} openId={open} onOpen={setOpenId} onSignOut={onSignOut} preset={settings.preset} />
        <main className="main">
          {rooms.error && <p className="banner error">Could not load the rooms: {rooms.error}</p>}
          {open ? <RoomView key={open} room={rooms.list.find((room) => room.id === open)!} me={user.id} /> : <p className="empty">No rooms yet.</p>}
        </main>
        <aside className="aside">
          {open && <MembersPanel roomId={open} />}
          <ConnectionPanel offline={settings.share === 'off' ? offline : null} />
        </aside>
      </div>
    </ChatProvider>
  );
}

/** The rooms to show: the reference server's list, or the ones the settings name. */
function useRoomList(settings: Settings, token: string | null) {
  const native = isNative(settings);
  const [state, setState] = useState<{ list: RoomInfo[]; error: string | null }>(() => ({
    list: native ? [] : settings.rooms.map((id) => ({ id, title: id })),
    error: null,
  }));
  useEffect(() => {
    if (!native || !token) return;
    let cancelled = false;
    listRooms(settings.server, token).then(
      (list) => !cancelled && setState({ list, error: null }),
      (error: Error) => !cancelled && setState({ list: [], error: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [native, settings.server, token]);
  return state;
}
