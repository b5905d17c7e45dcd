// The records of the user's pending edits, deletes and reactions, as the
// core writes them (op_stored, src/api/stored_op_json.h) and as they are
// read back from IndexedDB, without trusting what is there.
import type { CoreStoredOp } from '../chatwire_core.js';

/** The schema version of stored operations this module writes and reads. */
export const OP_RECORD_SCHEMA = 1;

/** What a stored value turned out to be: a record and its owning page, one of a newer schema, or junk. */
export type OwnedReading<R> = { kind: 'ok'; record: R; owner: string } | { kind: 'future' } | { kind: 'corrupt' };

const OPS = new Set(['edit', 'delete', 'react']);

/**
 * Reads a stored operation (see readValue in local-store.ts for why only
 * the known fields are copied). The core checks the rest when it restores it.
 */
export function readStoredOp(value: unknown): OwnedReading<CoreStoredOp> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'corrupt' };
  const v = value as Record<string, unknown>;
  if (typeof v.schema === 'number' && v.schema > OP_RECORD_SCHEMA) return { kind: 'future' };
  const optionalString = (field: unknown): boolean => field === undefined || typeof field === 'string';
  if (
    v.schema !== OP_RECORD_SCHEMA ||
    typeof v.opId !== 'string' ||
    typeof v.room !== 'string' ||
    typeof v.op !== 'string' ||
    !OPS.has(v.op) ||
    !optionalString(v.messageId) ||
    !optionalString(v.clientId) ||
    !optionalString(v.text) ||
    !optionalString(v.emoji) ||
    (v.on !== undefined && typeof v.on !== 'boolean') ||
    typeof v.createdAtMs !== 'number' ||
    !Number.isSafeInteger(v.createdAtMs) ||
    typeof v.owner !== 'string'
  ) {
    return { kind: 'corrupt' };
  }
  const record: CoreStoredOp = { schema: OP_RECORD_SCHEMA, opId: v.opId, room: v.room, op: v.op as CoreStoredOp['op'], createdAtMs: v.createdAtMs };
  if (typeof v.messageId === 'string') record.messageId = v.messageId;
  if (typeof v.clientId === 'string') record.clientId = v.clientId;
  if (typeof v.text === 'string') record.text = v.text;
  if (typeof v.emoji === 'string') record.emoji = v.emoji;
  if (typeof v.on === 'boolean') record.on = v.on;
  return { kind: 'ok', record, owner: v.owner };
}

/** Oldest first: the order the user made them, which is the order they must be applied in. */
export function opsInOrder(a: CoreStoredOp, b: CoreStoredOp): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return a.opId < b.opId ? -1 : a.opId > b.opId ? 1 : 0;
}
