// Who is signed in, the rooms with their unread badges, and a status pill.
import { useConnection, useRoom, useUnreadTotal } from 'chatwire/react';
import type { RoomInfo } from '../api';
import { Avatar } from './Avatar';

interface Props {
  user: { id: string; name: string };
  rooms: RoomInfo[];
  openId: string | null;
  onOpen(id: string): void;
  onSignOut: (() => void) | null;
  preset: string;
}

export function Sidebar({ user, rooms, openId, onOpen, onSignOut, preset }: Props) {
  const total = useUnreadTotal();
  return (
    <nav className="sidebar" aria-label="Rooms">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Chatwire
        {preset !== 'chatwire' && <span className="preset-tag">{preset}</span>}
      </div>
      <div className="rooms-heading">
        <span>Rooms</span>
        {total > 0 && <span className="total-unread" title="Unread in all rooms">{total}</span>}
      </div>
      <ul className="room-list">
        {rooms.map((room) => (
          <RoomItem key={room.id} room={room} open={room.id === openId} onOpen={onOpen} />
        ))}
      </ul>
      <div className="sidebar-footer">
        <StatusPill />
        <div className="me">
          <Avatar user={user} />
          <span data-testid="me" className="me-name">{user.name}</span>
          {onSignOut && (
            <button className="link-button" onClick={onSignOut}>
              Sign out
            </button>
          )}
        </div>
      </div>
    </nav>
  );
}

/** One room; joining it here is what keeps its unread count live while another room is open. */
function RoomItem({ room, open, onOpen }: { room: RoomInfo; open: boolean; onOpen(id: string): void }) {
  const { unreadCount } = useRoom(room.id, { join: true });
  return (
    <li>
      <button
        data-testid="room-item"
        data-room-id={room.id}
        aria-current={open ? 'true' : undefined}
        className={`room-item${open ? ' open' : ''}${unreadCount > 0 ? ' unread' : ''}`}
        onClick={() => onOpen(room.id)}
      >
        <span className="room-hash" aria-hidden="true">#</span>
        <span className="room-title">{room.title}</span>
        {unreadCount > 0 && (
          <span data-testid="room-unread" className="badge" aria-label={`${unreadCount} unread`}>
            {unreadCount > 999 ? '999+' : unreadCount}
          </span>
        )}
      </button>
    </li>
  );
}

const STATE_LABELS: Record<string, string> = {
  idle: 'Starting',
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  failed: 'Failed',
};

function StatusPill() {
  const { state } = useConnection();
  return <span className={`pill pill-${state}`}>{STATE_LABELS[state] ?? state}</span>;
}
