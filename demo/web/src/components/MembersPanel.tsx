import { useRoom } from 'chatwire/react';
import { Avatar } from './Avatar';

/** The open room's members, online first. */
export function MembersPanel({ roomId }: { roomId: string }) {
  const { members } = useRoom(roomId, { join: true });
  const sorted = [...members].sort((a, b) => Number(b.online) - Number(a.online) || a.user.name.localeCompare(b.user.name));
  return (
    <section className="panel">
      <h2>Members</h2>
      <ul className="members">
        {sorted.map(({ user, online }) => (
          <li key={user.id} data-testid="member" data-user-id={user.id} data-online={String(online)} className="member">
            <span className="member-avatar">
              <Avatar user={user} size={26} />
              <span className={`dot ${online ? 'online' : 'offline'}`} title={online ? 'online' : 'offline'} />
            </span>
            <span className="member-name">{user.name || user.id}</span>
          </li>
        ))}
        {sorted.length === 0 && <li className="muted">No member list from this backend.</li>}
      </ul>
    </section>
  );
}
