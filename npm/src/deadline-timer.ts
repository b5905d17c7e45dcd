// The one timer the core needs: armed for its next deadline, re-armed only
// when the deadline comes earlier (see arm()).

// setTimeout's limit; a longer wait is re-armed when it fires.
const MAX_DELAY_MS = 0x7fffffff;

export class DeadlineTimer {
  private handle: ReturnType<typeof setTimeout> | null = null;
  private armedFor: number | null = null;

  constructor(private readonly onDue: () => void) {}

  /**
   * Fires onDue at `deadline` (epoch ms), or never for null. A deadline
   * later than the one armed keeps the timer: the core's heartbeat deadline
   * moves with every frame, and re-arming setTimeout per frame cost more
   * than the early call, which the core takes as a harmless no-op and
   * answers with its real deadline.
   */
  arm(deadline: number | null, now: number): void {
    if (deadline === this.armedFor) return;
    if (deadline !== null && this.armedFor !== null && this.armedFor < deadline) return;
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
