// The open room: header, messages, who is typing, and the composer. Being
// open and on screen is what marks its messages read (`active`).
import { useRoom } from 'chatwire/react';
import type { RoomInfo } from '../api';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

export function RoomView({ room: info }: { room: RoomInfo }) {
  const room = useRoom(info.id, { join: true, active: true });
  const online = room.members.filter((member) => member.online).length;
  return (
    <section className="room" aria-label={`Room ${info.title}`}>
      <header className="room-header">
        <h1>
          <span className="room-hash" aria-hidden="true">#</span>
          {info.title}
        </h1>
        <span className="room-meta">
          {room.members.length} members · {online} online
        </span>
      </header>
      {room.error && <p className="banner error">Could not join: {room.error.message}</p>}
      <MessageList room={room} />
      <TypingIndicator users={room.typingUsers} />
      <Composer room={room} title={info.title} />
    </section>
  );
}
