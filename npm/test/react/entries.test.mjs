// The two entries as bundlers see them: chatwire/react is a client module
// ('use client' first, so Next.js's App Router may import it from a server
// component), and the core entry `chatwire` pulls in no React at all,
// however deep its imports go.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const dist = new URL('../../dist/', import.meta.url);

/** Module specifiers of static imports, re-exports, bare `import '…'` and literal dynamic import()s. */
function specifiersOf(source) {
  const found = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[2]);
  return found;
}

/**
 * Every module reachable from `entry` through relative imports, and every
 * non-relative specifier any of them imports.
 */
function importGraph(entry) {
  const modules = new Set();
  const external = new Set();
  const pending = [new URL(entry, dist)];
  while (pending.length > 0) {
    const url = pending.pop();
    if (modules.has(url.href)) continue;
    modules.add(url.href);
    for (const specifier of specifiersOf(readFileSync(url, 'utf8'))) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) pending.push(new URL(specifier, url));
      else external.add(specifier);
    }
  }
  const names = [...modules].map((href) => href.slice(dist.href.length)).sort();
  return { modules: names, external: [...external].sort() };
}

const isReact = (specifier) => /^(react|react-dom)(\/|$)/.test(specifier);

test('dist/react/index.js starts with the "use client" directive', () => {
  const source = readFileSync(new URL('react/index.js', dist), 'utf8');
  assert.match(source, /^\uFEFF?\s*(['"])use client\1;?\s*\n/, `the file starts with: ${JSON.stringify(source.slice(0, 40))}`);
});

test('the core entry dist/index.js imports nothing from React, directly or through its own modules', () => {
  const core = importGraph('index.js');
  // The walk reaches the whole client: a scan that found nothing would prove nothing.
  for (const module of ['index.js', 'client.js', 'room.js', 'load-core.js', 'chatwire_core.js', 'room-mirror.js', 'transport.js']) {
    assert.ok(core.modules.includes(module), `the walk reached ${module} (reached: ${core.modules.join(', ')})`);
  }
  assert.ok(core.modules.every((module) => !module.startsWith('react/')), `no module of dist/react is reachable: ${core.modules.join(', ')}`);
  assert.deepEqual(core.external.filter(isReact), [], `React imported by the core: ${core.external.join(', ')}`);

  // The same walk from the React entry does find React: the scan detects what it looks for.
  const react = importGraph('react/index.js');
  assert.ok(react.external.includes('react'), `the React entry imports react (found: ${react.external.join(', ')})`);
});
