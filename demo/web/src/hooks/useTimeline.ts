// A live log of what the client reports: connection states, scheduled
// retries, errors, gaps after a reconnect, dropped events, arriving messages.
import type { ChatClient } from 'chatwire';
import { useChatClient } from 'chatwire/react';
import { useEffect, useState } from 'react';

export interface TimelineEntry {
  id: number;
  at: number;
  kind: 'state' | 'reconnect' | 'error' | 'discontinuity' | 'warning' | 'message';
  text: string;
}

const LIMIT = 100;
let nextId = 1;

export function useTimeline(): TimelineEntry[] {
  const client = useChatClient();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  useEffect(() => {
    if (!client) return undefined;
    const add = (kind: TimelineEntry['kind'], text: string) =>
      setEntries((list) => [{ id: nextId++, at: Date.now(), kind, text }, ...list].slice(0, LIMIT));
    const stops = subscribe(client, add);
    return () => stops.forEach((stop) => stop());
  }, [client]);
  return entries;
}

function subscribe(client: ChatClient, add: (kind: TimelineEntry['kind'], text: string) => void) {
  return [
    client.on('state', (event) => add('state', `${event.previous} → ${event.state}${event.reason ? ` (${event.reason.replace(/_/g, ' ')})` : ''}`)),
    client.on('reconnect', (event) => add('reconnect', `retry #${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`)),
    client.on('error', (error) => add('error', `${error.source}: ${error.code}${error.message ? ` — ${error.message}` : ''}`)),
    client.on('discontinuity', (event) => add('discontinuity', `#${event.roomId}: messages may be missing after the reconnect`)),
    client.on('warning', (event) => add('warning', `${event.kind} ${event.event}: ${event.message}`)),
    client.on('message', (event) => add('message', `message from ${event.message.author.name || event.message.author.id} in #${event.roomId}`)),
  ];
}
