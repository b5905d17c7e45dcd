// The connection as the SDK sees it: state, the countdown to the next retry,
// the offline switch, and the event timeline.
import { useConnection } from 'chatwire/react';
import { useSyncExternalStore } from 'react';
import { useTimeline } from '../hooks/useTimeline';
import type { OfflineSwitch } from '../offline-switch';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `offline`: the switch of a tab with a connection of its own; null when the tabs share one. */
export function ConnectionPanel({ offline }: { offline: OfflineSwitch | null }) {
  const connection = useConnection();
  const timeline = useTimeline();
  return (
    <section className="panel connection-panel">
      <h2>Connection</h2>
      <div className="connection-row">
        <span data-testid="connection-status" data-state={connection.state} className={`pill pill-${connection.state}`}>
          {connection.state}
        </span>
        {connection.state === 'connected' && connection.transport && (
          <span data-testid="connection-transport" className="hint">
            over {connection.transport === 'polling' ? 'HTTP long-polling' : 'WebSocket'}
          </span>
        )}
        {connection.reconnectInMs !== null && (
          <span data-testid="reconnect-countdown" className="countdown">
            retrying in {Math.ceil(connection.reconnectInMs / 1000)} s (attempt {connection.reconnectAttempt})
          </span>
        )}
      </div>
      {connection.error && connection.state !== 'connected' && <p className="connection-error">{connection.error.message}</p>}
      {offline ? (
        <OfflineToggle offline={offline} />
      ) : (
        <p data-testid="shared-connection" className="hint">
          Every tab of this browser shares this connection. <a href={ownConnectionHref()}>Give this tab its own</a> to simulate going offline.
        </p>
      )}
      <h3>Events</h3>
      <ol data-testid="event-timeline" className="timeline">
        {timeline.map((entry) => (
          <li key={entry.id} data-testid="timeline-entry" className={`timeline-entry ${entry.kind}`}>
            <time>{TIME.format(entry.at)}</time>
            <span>{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** This page with `share=off` added to its settings. */
function ownConnectionHref(): string {
  const params = new URLSearchParams(window.location.search);
  params.set('share', 'off');
  return `?${params.toString()}`;
}

function OfflineToggle({ offline }: { offline: OfflineSwitch }) {
  const isOffline = useSyncExternalStore(offline.subscribe, offline.getSnapshot);
  return (
    <label className="switch-row">
      <button
        data-testid="offline-toggle"
        role="switch"
        aria-checked={isOffline}
        className={`switch${isOffline ? ' on' : ''}`}
        onClick={() => offline.setOffline(!isOffline)}
      >
        <span className="switch-knob" />
      </button>
      <span>
        Simulate offline
        <small>Cuts the socket like a dropped network; messages you send wait and go out once, on reconnect.</small>
      </span>
    </label>
  );
}
