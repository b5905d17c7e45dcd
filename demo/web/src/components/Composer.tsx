// Enter sends, Shift+Enter adds a line. Every keystroke tells the SDK, which
// decides when the server hears "typing" (debounced, refreshed, stopped).
import type { UseRoomResult } from 'chatwire/react';
import { useState, type KeyboardEvent } from 'react';

export function Composer({ room, title }: { room: UseRoomResult; title: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = () => {
    if (text.trim() === '') return;
    try {
      room.send(text);
      setText('');
      setError(null);
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
