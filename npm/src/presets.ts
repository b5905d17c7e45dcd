import type { PresetName } from './types.js';

/** The built-in dialects, one per known backend plus Chatwire's own protocol (docs/dialects.md). */
export const presetNames: readonly PresetName[] = Object.freeze([
  'chatwire',
  'flask-rooms',
  'flask-shows',
  'nest-conversations',
  'express-conversations',
  'flask-multiroom',
]);
