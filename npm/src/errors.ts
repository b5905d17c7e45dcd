import type { ChatwireErrorInfo, ErrorSource } from './types.js';

/**
 * Every error the package reports or throws. `code` is stable and
 * machine-readable ("not_joined", "empty_text", "connect_rejected",
 * "send_failed", ...); `message` is English for logs.
 */
export class ChatwireError extends Error implements ChatwireErrorInfo {
  readonly source: ErrorSource;
  readonly code: string;
  readonly roomId?: string;
  readonly opId?: string;
  readonly reason?: string;

  constructor(info: ChatwireErrorInfo) {
    super(info.message);
    this.name = 'ChatwireError';
    this.source = info.source;
    this.code = info.code;
    if (info.roomId !== undefined) this.roomId = info.roomId;
    if (info.opId !== undefined) this.opId = info.opId;
    if (info.reason !== undefined) this.reason = info.reason;
  }

  /** The plain-data view, for snapshots and logs. */
  toJSON(): ChatwireErrorInfo {
    const info: ChatwireErrorInfo = { source: this.source, code: this.code, message: this.message };
    if (this.roomId !== undefined) info.roomId = this.roomId;
    if (this.opId !== undefined) info.opId = this.opId;
    if (this.reason !== undefined) info.reason = this.reason;
    return info;
  }
}
