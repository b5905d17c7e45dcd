// A round initial in a colour of its own per user, so that authors are told
// apart at a glance without pictures.
const HUES = [12, 36, 150, 190, 220, 260, 300, 330];

export function Avatar({ user, size = 32 }: { user: { id: string; name: string }; size?: number }) {
  let hash = 0;
  for (const char of user.id) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  const initial = [...(user.name.trim() || '?')][0]!.toUpperCase();
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, background: `hsl(${HUES[hash % HUES.length]} 55% 48%)` }}>
      {initial}
    </span>
  );
}
