import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The seed's JWT_SECRET environment variable when set; otherwise a random secret kept in
 * --data-dir so tokens issued before a restart still verify after it.
 */
export function loadJwtSecret(dataDir: string | null): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  if (!dataDir) return crypto.randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
