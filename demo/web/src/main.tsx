import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLoadingChatwire } from './preload';
import './styles.css';

// Before anything renders: the Wasm core loads while the user signs in.
startLoadingChatwire();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
