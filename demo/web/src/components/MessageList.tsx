// The messages of a room, virtualized: only the rows on screen (plus a few)
// are in the DOM, so a room of 10,000 scrolls like a room of 10. It sticks
// to the bottom while the reader is there, pages older history in when the
// reader nears the top, and keeps the rows in view still while it does.
// Scrolled away from the bottom, a button goes back to the latest; a reply's
// quote scrolls to the message it answers (revealRef), and when the room
// does not hold it, jumps there: the room then shows a window around it
// (room.detached), paged newer as the reader scrolls down, until it meets
// the latest messages or the button goes back to them.
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Message } from 'chatwire';
import type { UseRoomResult } from 'chatwire/react';
import { useLayoutEffect, useRef, useState, type MutableRefObject } from 'react';
import { MessageRow, startsGroup } from './MessageRow';

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 400;

const keyOf = (message: Message) => message.clientId ?? message.id ?? '';

export function MessageList({ room, revealRef }: { room: UseRoomResult; revealRef: MutableRefObject<(id: string) => void> }) {
  const { messages, hasMore, loadingOlder, firstUnreadId, detached, hasNewer, loadingNewer } = room;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [awayFromLatest, setAwayFromLatest] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  // Set while older history is loading: where the reader was, to keep it in view.
  const anchor = useRef<{ key: string; offset: number } | null>(null);

  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (startsGroup(messages, index) ? 64 : 28),
    getItemKey: (index) => keyOf(messages[index]!),
    overscan: 12,
  });

  // While the reader is at the bottom, stay there: when messages arrive and
  // when rows turn out taller or shorter than estimated (the total changes).
  const lastKey = messages.length > 0 ? keyOf(messages[messages.length - 1]!) : '';
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [lastKey, totalSize]);

  // Older messages at the start: put the row the reader was looking at back where it was.
  const firstKey = messages.length > 0 ? keyOf(messages[0]!) : '';
  useLayoutEffect(() => {
    const held = anchor.current;
    if (!held) return;
    const index = messages.findIndex((message) => keyOf(message) === held.key);
    if (index > 0) {
      anchor.current = null;
      const start = virtualizer.getOffsetForIndex(index, 'start')?.[0] ?? 0;
      virtualizer.scrollToOffset(start + held.offset);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [firstKey]);

  revealRef.current = (id) => {
    setRevealed(id);
    // Not held: the room loads the page around it, and the effect below scrolls once it shows.
    if (!messages.some((message) => message.id === id)) room.jumpTo(id).catch(() => setRevealed(null));
  };
  // Scrolls to the revealed message once the list holds it (at once, or after the jump's page).
  const revealedIndex = revealed === null ? -1 : messages.findIndex((message) => message.id === revealed);
  useLayoutEffect(() => {
    if (revealedIndex < 0) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(revealedIndex, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealed, revealedIndex >= 0]);
  const toLatest = () => {
    if (detached) room.jumpToLatest();
    setRevealed(null);
    atBottom.current = true;
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    // In a window, the bottom is not the latest: page newer instead of sticking there.
    atBottom.current = nearBottom && !detached;
    setAwayFromLatest(!atBottom.current);
    if (detached && element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_TOP_PX && hasNewer && !loadingNewer) {
      room.loadNewer().catch(() => {});
    }
    if (element.scrollTop < NEAR_TOP_PX && hasMore && !loadingOlder && !anchor.current && messages.length > 0) {
      const first = virtualizer.getVirtualItems()[0];
      const topItem = first ? messages[first.index] : messages[0];
      anchor.current = { key: keyOf(topItem!), offset: element.scrollTop - (first?.start ?? 0) };
      room.loadOlder().catch(() => {
        anchor.current = null;
      });
    }
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="message-scroller" ref={scroller} onScroll={onScroll} data-testid="message-list" role="log" aria-label="Messages">
      {loadingOlder && (
        <div data-testid="history-loading" className="history-loading">
          Loading older messages…
        </div>
      )}
      {!hasMore && messages.length > 0 && <div className="history-start">This is the beginning of the room.</div>}
      <div className="message-canvas" style={{ height: totalSize }}>
        {items.map((item) => {
          const message = messages[item.index]!;
          // The divider stays where reading started (the core keeps firstUnreadId still while the room is read).
          const firstUnread = firstUnreadId !== null && message.id === firstUnreadId;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={`message-slot${revealed !== null && message.id === revealed ? ' revealed' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {firstUnread && (
                <div data-testid="new-messages-divider" className="new-messages-divider" role="separator">
                  New messages
                </div>
              )}
              <MessageRow message={message} grouped={!firstUnread && !startsGroup(messages, item.index)} onRetry={room.retry} onDiscard={room.cancel} />
            </div>
          );
        })}
      </div>
      {messages.length === 0 && <p className="empty">No messages yet. Say hello!</p>}
      {(awayFromLatest || detached) && (
        <button data-testid="jump-to-latest" className="jump-to-latest" onClick={toLatest}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}
