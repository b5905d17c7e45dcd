// Enter sends, Shift+Enter adds a line. Every keystroke tells the SDK, which
// decides when the server hears "typing" (debounced, refreshed, stopped).
// A message chosen with "Reply" is named above the box and sent with it.
import type { Message } from 'chatwire';
import type { UseRoomResult } from 'chatwire/react';
import { useState, type KeyboardEvent } from 'react';

interface Props {
  room: UseRoomResult;
  title: string;
  replyTo: Message | null;
  onReplyDone(): void;
}

export function Composer({ room, title, replyTo, onReplyDone }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = () => {
    if (text.trim() === '') return;
    try {
      room.send(text, replyTo ? { replyTo } : undefined);
      setText('');
      setError(null);
      onReplyDone();
    } catch (reason) {
      setError((reason as Error).message);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <div className="composer">
      {error && <p className="form-error" role="alert">{error}</p>}
      {replyTo && (
        <div className="composer-reply" data-testid="composer-reply">
          <span>
            Replying to <strong>{replyTo.author.name || replyTo.author.id}</strong>: {replyTo.text}
          </span>
          <button className="link-button" aria-label="Cancel the reply" onClick={onReplyDone}>
            ✕
          </button>
        </div>
      )}
      <div className="composer-box">
        <textarea
          data-testid="composer-input"
          rows={1}
          value={text}
          placeholder={`Message #${title}`}
          aria-label={`Message #${title}`}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value !== '') room.notifyTyping();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => room.stopTyping()}
        />
        <button data-testid="composer-send" className="button primary" onClick={send} disabled={text.trim() === ''}>
          Send
        </button>
      </div>
    </div>
  );
}
