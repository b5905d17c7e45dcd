// A small typed event emitter. A listener that throws is reported and does
// not stop the others or corrupt the client's state.

export type Listener<T> = (value: T) => void;

// Calls each listener of a snapshot of `listeners` (one may remove itself
// or another while being called), reporting what any of them throws.
function callEach<L>(listeners: Set<L>, call: (listener: L) => void, onError: (error: unknown) => void): void {
  for (const listener of [...listeners]) {
    try {
      call(listener);
    } catch (error) {
      onError(error);
    }
  }
}

export class Emitter<Events extends { [name: string]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set?.delete(listener as Listener<never>);
    };
  }

  /** Calls every listener of `name` with `value`, in the order they were added. */
  emit<K extends keyof Events>(name: K, value: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    callEach(set, (listener) => (listener as Listener<Events[K]>)(value), this.onListenerError);
  }

  /** Whether anyone listens to `name`. */
  has(name: keyof Events): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  /** Removes every listener (the client is destroyed). */
  clear(): void {
    this.listeners.clear();
  }
}

/**
 * Tells subscribers that something changed, without saying what: they read the
 * new state themselves (the subscribe/getSnapshot pair React's
 * useSyncExternalStore expects). A subscriber that throws is reported and does
 * not stop the others.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every subscriber that the state changed. */
  notify(): void {
    callEach(this.listeners, (listener) => listener(), this.onListenerError);
  }

  /** Removes every subscriber (the client is destroyed). */
  clear(): void {
    this.listeners.clear();
  }
}
