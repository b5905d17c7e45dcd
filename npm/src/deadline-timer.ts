// The one timer the core needs: armed for its next deadline after every
// batch, re-armed only when the deadline moves.

// setTimeout's limit; a longer wait is re-armed when it fires.
const MAX_DELAY_MS = 0x7fffffff;

export class DeadlineTimer {
  private handle: ReturnType<typeof setTimeout> | null = null;
  private armedFor: number | null = null;

  constructor(private readonly onDue: () => void) {}

  /** Fires onDue at `deadline` (epoch ms), or never for null. */
  arm(deadline: number | null, now: number): void {
    if (deadline === this.armedFor) return;
    this.cancel();
    if (deadline === null) return;
    this.armedFor = deadline;
    this.handle = setTimeout(() => {
      this.handle = null;
      this.armedFor = null;
      this.onDue();
    }, Math.min(Math.max(0, deadline - now), MAX_DELAY_MS));
    // In Node, a pending reconnect timer alone must not keep a process alive.
    (this.handle as { unref?: () => void }).unref?.();
  }

  cancel(): void {
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = null;
  }
}
