// A server component: signs the visitor in with the reference server (as a
// real app's backend would, so the token never has to be typed into the
// page), then renders the chat, a client component, with what it needs.
import { Chat } from './chat';

export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<{ server?: string; name?: string }>;
}

export default async function Page({ searchParams }: Props) {
  const { server, name } = await searchParams;
  if (!server || !name) {
    return (
      <main>
        <h1>Chatwire on Next.js</h1>
        <p>Open this page with ?server=&lt;reference server URL&gt;&amp;name=&lt;your name&gt;.</p>
      </main>
    );
  }
  const response = await fetch(new URL('/api/login', server), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const session = (await response.json()) as { token: string; user: { id: string; name: string } };
  return (
    <main>
      <h1>Chatwire on Next.js</h1>
      <Chat server={server} token={session.token} user={session.user} />
    </main>
  );
}
