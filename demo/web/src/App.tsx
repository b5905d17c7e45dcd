// Decides what the page connects to and as whom, then hands over to the chat.
import { useMemo, useState } from 'react';
import type { SignedIn } from './api';
import { ChatApp } from './components/ChatApp';
import { SignIn } from './components/SignIn';
import { loadSession, saveSession } from './session-store';
import { isNative, readSettings, type Settings } from './settings';

export function App() {
  const [settings, settingsError] = useMemo((): [Settings | null, string | null] => {
    try {
      return [readSettings(window.location.search, window.location.origin), null];
    } catch (error) {
      return [null, (error as Error).message];
    }
  }, []);
  const [session, setSession] = useState<SignedIn | null>(() => (settings && isNative(settings) ? loadSession(settings.server) : null));

  if (!settings) return <SignIn error={settingsError} onSignedIn={() => {}} server={window.location.origin} />;

  // A seed backend: who the user is comes from the settings (its own login is not ours to do).
  if (!isNative(settings)) {
    if (!settings.user) return <SignIn server={settings.server} error={`The ${settings.preset} preset needs ?user=<id>&name=<name> (and usually &token=).`} onSignedIn={() => {}} />;
    return <ChatApp settings={settings} user={settings.user} token={settings.token} onSignOut={null} />;
  }

  if (!session) {
    return (
      <SignIn
        server={settings.server}
        error={null}
        onSignedIn={(signedIn) => {
          saveSession(settings.server, signedIn);
          setSession(signedIn);
        }}
      />
    );
  }
  return (
    <ChatApp
      settings={settings}
      user={session.user}
      token={session.token}
      onSignOut={() => {
        saveSession(settings.server, null);
        setSession(null);
      }}
    />
  );
}
