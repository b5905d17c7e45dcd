// The actions that appear over a message on hover (or keyboard focus):
// react with one of a few emoji, reply, and on the user's own messages edit
// and delete. Deleting asks first, inline (no browser dialog).
import type { Message } from 'chatwire';
import { useState } from 'react';
import { useMessageActions } from './message-actions-context';

/** The emoji the picker offers: a small set, as chat apps start with. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮'] as const;

export function MessageToolbar({ message, onEdit }: { message: Message; onEdit(): void }) {
  const actions = useMessageActions();
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // A message the server has not stored yet has nothing to react or reply to.
  if (message.deleted || message.id === null) return null;
  const mine = message.author.id === actions.me;

  if (confirming) {
    return (
      <div className="message-toolbar confirm" data-testid="confirm-delete" role="group" aria-label="Delete this message?">
        <span>Delete this message?</span>
        <button data-testid="confirm-delete-yes" className="link-button danger" onClick={() => actions.deleteMessage(message)}>
          Delete
        </button>
        <button className="link-button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="message-toolbar" data-testid="message-actions" role="toolbar" aria-label="Message actions">
      {actions.canReact &&
        (picking ? (
          QUICK_EMOJI.map((emoji) => (
            <button
              key={emoji}
              data-testid="emoji-option"
              className="toolbar-button"
              aria-label={`React ${emoji}`}
              onClick={() => {
                setPicking(false);
                actions.react(message, emoji, true);
              }}
            >
              {emoji}
            </button>
          ))
        ) : (
          <button data-testid="react-button" className="toolbar-button" title="React" aria-label="React" onClick={() => setPicking(true)}>
            ☺
          </button>
        ))}
      {actions.canReply && (
        <button data-testid="reply-button" className="toolbar-button" title="Reply" aria-label="Reply" onClick={() => actions.reply(message)}>
          ↩
        </button>
      )}
      {mine && actions.canEdit && (
        <button data-testid="edit-button" className="toolbar-button" title="Edit" aria-label="Edit" onClick={onEdit}>
          ✎
        </button>
      )}
      {mine && actions.canDelete && (
        <button data-testid="delete-button" className="toolbar-button" title="Delete" aria-label="Delete" onClick={() => setConfirming(true)}>
          🗑
        </button>
      )}
    </div>
  );
}
