'use client';
// The chat: chatwire/react hooks in a client component. It is also rendered
// on the server, where the SDK creates nothing (no socket, no Wasm) and the
// hooks report an idle, empty room; the browser then connects.
import { ChatProvider, useConnection, useRoom } from 'chatwire/react';
import { useMemo, useState } from 'react';

interface Props {
  server: string;
  token: string;
  user: { id: string; name: string };
}

export function Chat({ server, token, user }: Props) {
  const options = useMemo(() => ({ url: server, dialect: 'chatwire' as const, user, auth: { token } }), [server, token, user]);
  return (
    <ChatProvider options={options}>
      <Status />
      <Room />
    </ChatProvider>
  );
}

function Status() {
  const { state } = useConnection();
  return (
    <p data-testid="connection-status" data-state={state}>
      {state}
    </p>
  );
}

function Room() {
  const room = useRoom('general', { join: true, active: true });
  const [text, setText] = useState('');
  return (
    <section aria-label="general">
      <ul>
        {room.messages.map((message) => (
          <li key={message.clientId ?? message.id} data-testid="message" data-status={message.status}>
            <b>{message.author.name}</b>: <span data-testid="message-text">{message.text}</span>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() === '') return;
          room.send(text);
          setText('');
        }}
      >
        <input data-testid="composer-input" value={text} onChange={(event) => setText(event.target.value)} />
        <button data-testid="composer-send">Send</button>
      </form>
    </section>
  );
}
