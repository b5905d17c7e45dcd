// What a page costs over the wire: bytes as served and gzipped (level 9, what
// a static host's precompression would send).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** @param {string[]} files @returns {{ raw: number, gzip: number }} */
export function measure(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** "14.3 kB gzip (41.9 kB)" */
export function formatSize({ raw, gzip }) {
  const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  return `${kB(gzip)} gzip (${kB(raw)})`;
}
