// Page B: what a team writes without Chatwire: socket.io-client, a careful
// plain store (plain-store.js) and React's useSyncExternalStore, rendering
// the same list.
import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { io } from 'socket.io-client';
import { MessageList } from './message-list.jsx';
import { PlainRoomStore } from './plain-store.js';
import { KEPT_MESSAGES, ROOM_ID, SELF, SERVER_URL, benchFailed, useBenchProbe } from './bench-probe.js';

const store = new PlainRoomStore(ROOM_ID, SELF.id, KEPT_MESSAGES);
const socket = io(SERVER_URL, { transports: ['websocket'], auth: { token: 'bench' }, reconnection: false });
socket.on('connect', () => {
  socket.emit('join', { room: ROOM_ID }, (ack) => {
    if (ack?.ok) store.joined(ack);
    else benchFailed(`join failed: ${JSON.stringify(ack)}`);
  });
});
socket.on('connect_error', (error) => benchFailed(`connection failed: ${error.message}`));
socket.on('message', (payload) => store.add(payload));

function Room() {
  const { messages, unreadCount, joined } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useBenchProbe({ joined, messages });
  return <MessageList messages={messages} unreadCount={unreadCount} />;
}

createRoot(document.getElementById('root')).render(<Room />);
