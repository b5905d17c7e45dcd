import type { User } from 'chatwire';

/** "Ada is typing…"; the SDK expires remote typing by itself, so this never sticks. */
export function TypingIndicator({ users }: { users: readonly User[] }) {
  return (
    <div className="typing-slot" aria-live="polite">
      {users.length > 0 && (
        <span data-testid="typing-indicator" className="typing">
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {describe(users)}
        </span>
      )}
    </div>
  );
}

function describe(users: readonly User[]): string {
  const names = users.map((user) => user.name || user.id);
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
