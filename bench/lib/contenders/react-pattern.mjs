// Contender 3: what the seed apps' React clients do on every incoming
// message (seeds/001: `setMessages(prev => [...prev, message])`): copy the
// whole list to append one, keep everything, bump an unread counter per
// event. React's state updater is modelled by reassigning the variable; no
// rendering is counted, which flatters this contender.
import { createEventDecoder } from '../socketio-decoding.mjs';

export const reactPatternContender = {
  name: 'seeds\' React pattern',
  note: 'same parsers, messages = [...messages, m] per message, no cap',
  keptMessages: Infinity,

  async open({ roomId, self }) {
    let messages = [];
    let unreadCount = 0;
    const decode = createEventDecoder((name, payload) => {
      if (name !== 'message' || payload?.room !== roomId) return;
      messages = [...messages, payload];
      if (payload.author?.id !== self.id) unreadCount += 1;
    });
    return {
      /**
       * Stops early once `budgetMs` has passed (the pattern is quadratic);
       * the caller reports how far it got.
       */
      ingest(frames, { budgetMs = Infinity } = {}) {
        const started = performance.now();
        for (let i = 0; i < frames.length; i++) {
          decode(frames[i]);
          if ((i & 1023) === 1023 && performance.now() - started > budgetMs) {
            return { processed: i + 1, capped: true };
          }
        }
        return { processed: frames.length, capped: false };
      },
      snapshot: () => ({ messages, unreadCount }),
      close() {},
    };
  },
};
