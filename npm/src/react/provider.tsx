'use client';
import { createContext, useEffect, useState, type ReactNode } from 'react';
import type { ChatClientOptions } from '../types.js';
import { ClientHolder } from './client-holder.js';

export const HolderContext = createContext<ClientHolder | null>(null);

export interface ChatProviderProps {
  /**
   * Read once, when the provider mounts. To switch user or server, give the
   * provider a new `key` so React mounts a fresh one.
   */
  options: ChatClientOptions;
  /** Connect as soon as the client is loaded. Default true. */
  autoConnect?: boolean;
  children?: ReactNode;
}

/**
 * Creates one ChatClient for its subtree, connects it, and destroys it on
 * unmount. On the server it renders its children and creates nothing: the
 * client is created in an effect, which only runs in the browser.
 */
export function ChatProvider({ options, autoConnect = true, children }: ChatProviderProps) {
  const [holder] = useState(() => new ClientHolder(options, autoConnect));
  useEffect(() => {
    holder.acquire();
    return () => holder.release();
  }, [holder]);
  return <HolderContext.Provider value={holder}>{children}</HolderContext.Provider>;
}
