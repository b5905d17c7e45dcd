// The open room: header, messages, who is typing, and the composer. Being
// open and on screen is what marks its messages read (`active`). It also
// holds what the messages' actions need: the message the composer answers,
// and which changes the backend has.
import type { Message } from 'chatwire';
import { useChatClient, useRoom } from 'chatwire/react';
import { useMemo, useRef, useState } from 'react';
import type { RoomInfo } from '../api';
import { Composer } from './Composer';
import { MessageActionsContext, type MessageActions } from './message-actions-context';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

export function RoomView({ room: info, me }: { room: RoomInfo; me: string }) {
  const room = useRoom(info.id, { join: true, active: true });
  const client = useChatClient();
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  // Set by the list, which knows where each message is.
  const reveal = useRef<(id: string) => void>(() => {});
  const capabilities = client?.capabilities;
  const actions = useMemo((): MessageActions => {
    const operations: readonly string[] = capabilities?.operations ?? [];
    // A refusal that comes at once (e.g. a message not held) shows nothing: the row stays as it was.
    const attempt = (change: () => void) => {
      try {
        change();
      } catch {
        // Reported as a ChatwireError; the row is unchanged.
      }
    };
    return {
      me,
      canEdit: operations.includes('edit'),
      canDelete: operations.includes('delete'),
      canReact: operations.includes('react'),
      canReply: capabilities?.replies === true,
      edit: (message, text) => attempt(() => room.edit(message, text)),
      deleteMessage: (message) => attempt(() => room.deleteMessage(message)),
      react: (message, emoji, on) => attempt(() => room.react(message, emoji, on)),
      reply: setReplyTo,
      reveal: (id) => reveal.current(id),
    };
  }, [me, capabilities, room]);
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
      <MessageActionsContext.Provider value={actions}>
        <MessageList room={room} revealRef={reveal} />
      </MessageActionsContext.Provider>
      <TypingIndicator users={room.typingUsers} />
      <Composer room={room} title={info.title} replyTo={replyTo} onReplyDone={() => setReplyTo(null)} />
    </section>
  );
}
