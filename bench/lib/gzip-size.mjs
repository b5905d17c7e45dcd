// Compressed size as `gzip -9` reports it: the gzip command itself when the
// machine has one (what scripts/measure-size.sh uses too), otherwise zlib at
// level 9, which differs from it by a few bytes at most.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

let gzipCommandWorks = null;

/** Bytes of `data` (a string or Uint8Array) after gzip -9. */
export function gzipSize(data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (gzipCommandWorks !== false) {
    try {
      const compressed = execFileSync('gzip', ['-9', '-c', '-n'], { input: bytes, maxBuffer: 1 << 30 });
      gzipCommandWorks = true;
      return compressed.length;
    } catch (error) {
      if (gzipCommandWorks === true) throw error;
      gzipCommandWorks = false;
    }
  }
  return gzipSync(bytes, { level: 9 }).length;
}

/** Which compressor gzipSize used, for the report. */
export function gzipMethod() {
  return gzipCommandWorks === false ? 'zlib level 9 (no gzip command found)' : 'gzip -9 -n';
}
