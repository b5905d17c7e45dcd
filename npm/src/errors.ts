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

  constructor(info: ChatwireErrorInfo) {
    super(info.message);
    this.name = 'ChatwireError';
    this.source = info.source;
    this.code = info.code;
    if (info.roomId !== undefined) this.roomId = info.roomId;
  }

  /** The plain-data view, for snapshots and logs. */
  toJSON(): ChatwireErrorInfo {
    const info: ChatwireErrorInfo = { source: this.source, code: this.code, message: this.message };
    if (this.roomId !== undefined) info.roomId = this.roomId;
    return info;
  }
}
