import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLoadingChatwire } from './preload';
import './styles.css';

// Before anything renders: the Wasm core loads while the user signs in
// (in this tab only when it has a connection of its own; see preload.ts).
startLoadingChatwire(new URLSearchParams(location.search).get('share') !== 'off' && typeof SharedWorker === 'function');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
