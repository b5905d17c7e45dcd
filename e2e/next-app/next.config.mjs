import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// This app lives inside the repository's e2e/ folder, which has a lock file
// of its own; the app is its own root.
const root = dirname(fileURLToPath(import.meta.url));

export default { outputFileTracingRoot: root, turbopack: { root } };
