// The list both measured pages render, as a chat app would: the unread
// count, then one row per message (author, text), keyed by id and memoized,
// so a row whose message object is unchanged is not rendered again.
import { memo } from 'react';

const Row = memo(function Row({ message }) {
  return (
    <li data-id={message.id}>
      <b>{message.author.name}</b> {message.text}
    </li>
  );
});

export function MessageList({ messages, unreadCount }) {
  return (
    <section>
      <p>
        unread: <output id="unread">{unreadCount}</output>
      </p>
      <ul id="messages">
        {messages.map((message) => (
          <Row key={message.id} message={message} />
        ))}
      </ul>
    </section>
  );
}
