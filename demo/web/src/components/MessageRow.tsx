// One message. Text is rendered as text (React escapes it), never as HTML.
import type { Message } from 'chatwire';
import { memo, useState } from 'react';
import { Avatar } from './Avatar';
import { MessageEditor, ReactionChips, ReplyQuote } from './MessageExtras';
import { MessageToolbar } from './MessageToolbar';

const GROUP_GAP_MS = 5 * 60 * 1000;

/** Whether the message at `index` starts a new group (another author, or a pause). */
export function startsGroup(messages: readonly Message[], index: number): boolean {
  const message = messages[index];
  const previous = messages[index - 1];
  if (!message || !previous) return true;
  return previous.author.id !== message.author.id || message.createdAt - previous.createdAt > GROUP_GAP_MS;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface Props {
  message: Message;
  grouped: boolean;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
}

// Memoized: snapshots keep unchanged messages as the same objects.
export const MessageRow = memo(function MessageRow({ message, grouped, onRetry, onDiscard }: Props) {
  const created = new Date(message.createdAt);
  const [editing, setEditing] = useState(false);
  const classes = ['message', message.status];
  if (message.cached) classes.push('cached');
  if (grouped) classes.push('grouped');
  if (message.deleted) classes.push('deleted');
  if (message.pendingOps) classes.push('changing');
  return (
    <article
      data-testid="message"
      data-status={message.status}
      data-client-id={message.clientId ?? undefined}
      data-message-id={message.id ?? undefined}
      data-cached={message.cached ? 'true' : undefined}
      data-deleted={message.deleted ? 'true' : undefined}
      data-pending-ops={message.pendingOps ?? undefined}
      title={message.cached ? 'From this device: the server has not confirmed it yet' : message.pendingOps ? 'Saving your change…' : undefined}
      className={classes.join(' ')}
    >
      <div className="message-gutter">{grouped ? <time className="hover-time">{TIME.format(created)}</time> : <Avatar user={message.author} size={34} />}</div>
      <div className="message-body">
        <div className={grouped ? 'visually-hidden' : 'message-head'}>
          <span data-testid="message-author" className="message-author">
            {message.author.name || message.author.id}
          </span>
          <time dateTime={created.toISOString()} title={DATE_TIME.format(created)}>
            {TIME.format(created)}
          </time>
        </div>
        <ReplyQuote message={message} />
        {message.deleted ? (
          <p data-testid="message-deleted" className="message-text deleted-text">
            This message was deleted.
          </p>
        ) : editing ? (
          <MessageEditor message={message} onDone={() => setEditing(false)} />
        ) : (
          <div className="message-line">
            <p data-testid="message-text" className="message-text">
              {message.text}
            </p>
            {message.edited && (
              <small data-testid="message-edited" className="edited-mark">
                (edited)
              </small>
            )}
          </div>
        )}
        <ReactionChips message={message} />
        {(message.status === 'failed' || message.status === 'unconfirmed') && message.clientId && (
          <div className="message-failure" role="alert">
            {message.status === 'unconfirmed'
              ? 'Maybe not sent: the page reloaded while it was going out.'
              : `Not sent${message.failure ? `: ${message.failure}` : ''}.`}
            <button data-testid="message-retry" className="link-button" onClick={() => onRetry(message.clientId!)}>
              Retry
            </button>
            <button className="link-button" onClick={() => onDiscard(message.clientId!)}>
              Discard
            </button>
          </div>
        )}
      </div>
      <StatusMark message={message} />
      {!editing && <MessageToolbar message={message} onEdit={() => setEditing(true)} />}
    </article>
  );
});

function StatusMark({ message }: { message: Message }) {
  if (!message.clientId) return null;
  switch (message.status) {
    case 'pending':
      return <span className="status-mark pending" title="Sending…" aria-label="sending" />;
    case 'sent':
      return (
        <span className="status-mark sent" title={message.readBy?.length ? `Read by ${message.readBy.length}` : 'Sent'} aria-label="sent">
          {message.readBy?.length ? '✓✓' : '✓'}
        </span>
      );
    case 'failed':
      return <span className="status-mark failed" title="Not sent" aria-label="not sent">!</span>;
    case 'unconfirmed':
      return <span className="status-mark failed" title="Maybe not sent" aria-label="maybe not sent">?</span>;
  }
}
