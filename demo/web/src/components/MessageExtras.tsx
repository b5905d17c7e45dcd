// The parts of a message beyond its text: the quote of the message it
// answers (a click scrolls to it), the inline editor, and the reaction chips
// (a click sets or removes the user's own).
import type { Message } from 'chatwire';
import { useState, type KeyboardEvent } from 'react';
import { useMessageActions } from './message-actions-context';

export function ReplyQuote({ message }: { message: Message }) {
  const { reveal } = useMessageActions();
  const parent = message.replyTo;
  if (!parent) return null;
  return (
    <button data-testid="reply-quote" className="reply-quote" onClick={() => reveal(parent.id)} title="Show the message this answers">
      <span className="reply-author">{parent.author.name || parent.author.id}</span>
      <span className="reply-excerpt">{parent.deleted ? 'deleted message' : parent.excerpt}</span>
    </button>
  );
}

export function MessageEditor({ message, onDone }: { message: Message; onDone(): void }) {
  const { edit } = useMessageActions();
  const [text, setText] = useState(message.text);
  const save = () => {
    if (text.trim() !== '' && text !== message.text) edit(message, text);
    onDone();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') onDone();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };
  return (
    <div className="message-editor">
      <textarea data-testid="edit-input" aria-label="Edit message" autoFocus value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      <small>Enter saves · Esc cancels</small>
    </div>
  );
}

export function ReactionChips({ message }: { message: Message }) {
  const { react, canReact } = useMessageActions();
  if (!message.reactions?.length) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {message.reactions.map((reaction) => (
        <button
          key={reaction.emoji}
          data-testid="reaction-chip"
          data-emoji={reaction.emoji}
          className={`reaction-chip${reaction.mine ? ' mine' : ''}`}
          aria-pressed={reaction.mine}
          disabled={!canReact}
          onClick={() => react(message, reaction.emoji, !reaction.mine)}
        >
          {reaction.emoji} <span data-testid="reaction-count">{reaction.count}</span>
        </button>
      ))}
    </div>
  );
}
