// The built-in dialects' names come from the core itself (generated at
// build time: npm/scripts/generate-contract.mjs), so the list has one source.
export { presetNames } from './generated/contract.js';
