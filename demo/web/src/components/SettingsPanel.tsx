// Where the page connects: the settings live in the query string, so a link
// reproduces a setup; this panel writes them and reloads.
import { useState, type FormEvent } from 'react';
import { settingsQuery } from '../settings';

const FIELDS = [
  ['server', 'Server URL', 'this page’s own server'],
  ['preset', 'Dialect preset', 'chatwire'],
  ['user', 'User id (seed backends)', ''],
  ['name', 'Display name (seed backends)', ''],
  ['token', 'Token (seed backends)', ''],
  ['tokenIn', 'Token goes in', 'auth (or query)'],
  ['rooms', 'Room ids, comma-separated (seed backends)', ''],
] as const;

export function SettingsPanel() {
  const params = new URLSearchParams(window.location.search);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map(([key]) => [key, params.get(key) ?? ''])));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    window.location.search = settingsQuery(values);
  };
  return (
    <details className="settings">
      <summary>Connection settings</summary>
      <form onSubmit={apply}>
        {FIELDS.map(([key, label, placeholder]) => (
          <label key={key} className="field">
            <span>{label}</span>
            <input value={values[key]} placeholder={placeholder} onChange={(event) => setValues({ ...values, [key]: event.target.value })} />
          </label>
        ))}
        <button className="button">Apply and reload</button>
      </form>
    </details>
  );
}
