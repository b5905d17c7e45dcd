// Bundles a small entry module the way an app's production build would
// (esbuild --bundle --minify --format=esm --platform=browser --splitting)
// and weighs it: what the page loads at startup (the entry and the chunks it
// imports statically), and apart from it what it loads only on demand (the
// chunks of dynamic imports, e.g. chatwire's leader election for browsers
// without SharedWorker).
import { build } from 'esbuild';
import { gzipSize } from './gzip-size.mjs';

/**
 * Bundles `contents` (an ES module) resolving imports from `resolveDir`.
 * `external`: specifiers left out (e.g. React, which the app has anyway).
 * Returns for the startup part the minified and gzip -9 sizes (summed over
 * its files, which are fetched apart), its text, `inputs` (bytes each source
 * file contributes to it) and `imports` (what it leaves external); and
 * `onDemand`, the same sizes and inputs for the chunks loaded later.
 */
export async function bundleAndWeigh({ contents, resolveDir, external = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: 'app.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: 'out',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((file) => [relativeOut(file.path), file]));
  const [entry] = Object.keys(outputs).filter((path) => outputs[path].entryPoint !== undefined);
  // The startup part: the entry and, transitively, what it imports statically.
  const startup = new Set();
  const visit = (path) => {
    if (startup.has(path) || !outputs[path]) return;
    startup.add(path);
    for (const imported of outputs[path].imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  const onDemand = Object.keys(outputs).filter((path) => !startup.has(path));
  const weigh = (paths) => {
    const contentsOf = paths.map((path) => files.get(path).contents);
    const inputs = new Map();
    for (const path of paths) for (const [input, { bytesInOutput }] of Object.entries(outputs[path].inputs)) inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
    return {
      minifiedBytes: contentsOf.reduce((sum, bytes) => sum + bytes.length, 0),
      gzipBytes: contentsOf.reduce((sum, bytes) => sum + gzipSize(bytes), 0),
      inputs: [...inputs].map(([path, bytes]) => ({ path, bytes })).filter(({ bytes }) => bytes > 0).sort((a, b) => b.bytes - a.bytes),
    };
  };
  return {
    ...weigh([...startup]),
    text: [...startup].map((path) => files.get(path).text).join('\n'),
    imports: [...startup].flatMap((path) => (outputs[path].imports ?? []).filter((imported) => imported.external)),
    onDemand: weigh(onDemand),
    warnings: result.warnings,
  };
}

/** An output file's path as the metafile names it (relative to the working directory). */
function relativeOut(path) {
  const at = path.lastIndexOf('/out/');
  return at < 0 ? path : path.slice(at + 1);
}
