// Page A: Chatwire as an app uses it, <ChatProvider> + useRoom, rendering the
// shared list. The client connects to the frame server with the native
// protocol ('chatwire' dialect) and joins the room.
import { createRoot } from 'react-dom/client';
import { ChatProvider, useRoom } from 'chatwire/react';
import { MessageList } from './message-list.jsx';
import { KEPT_MESSAGES, ROOM_ID, SELF, SERVER_URL, benchFailed, useBenchProbe } from './bench-probe.js';

const options = {
  url: SERVER_URL,
  dialect: 'chatwire',
  user: SELF,
  auth: { token: 'bench' },
  maxMessagesPerRoom: KEPT_MESSAGES,
  reconnection: { enabled: false },
  // The core on the main thread, as (b) compares it with socket.io-client there.
  // Shared (the default), the core runs in a SharedWorker and the page only applies its answers.
  share: 'off',
};

function Room() {
  const { messages, unreadCount, joined, error } = useRoom(ROOM_ID);
  // A refused join ends the run at once; a connection that never opens ends it at run.mjs's timeout.
  if (error) benchFailed(`join failed: ${error.code} ${error.message}`);
  useBenchProbe({ joined, messages });
  return <MessageList messages={messages} unreadCount={unreadCount} />;
}

createRoot(document.getElementById('root')).render(
  <ChatProvider options={options}>
    <Room />
  </ChatProvider>,
);
