// Sign in with a name: the reference server has no passwords (it is a demo);
// the name picks the user, the same name the same user.
import { useState, type FormEvent } from 'react';
import { login, type SignedIn } from '../api';
import { SettingsPanel } from './SettingsPanel';

interface Props {
  server: string;
  error: string | null;
  onSignedIn(session: SignedIn): void;
}

export function SignIn({ server, error, onSignedIn }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onSignedIn(await login(server, name));
    } catch (reason) {
      setFailure((reason as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Chatwire
        </div>
        <p className="signin-lead">A chat client SDK in WebAssembly, talking to a real server. Pick a name to start; open a second window as someone else to chat with yourself.</p>
        <label className="field">
          <span>Your name</span>
          <input
            data-testid="signin-name"
            autoFocus
            value={name}
            maxLength={40}
            placeholder="e.g. Ada"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {failure && <p className="form-error" role="alert">{failure}</p>}
        <button data-testid="signin-submit" className="button primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="signin-server">Server: {server}</p>
      </form>
      <SettingsPanel />
    </main>
  );
}
