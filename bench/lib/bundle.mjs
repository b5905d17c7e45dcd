// Bundles a small entry module the way an app's production build would
// (esbuild --bundle --minify --format=esm --platform=browser) and weighs it.
import { build } from 'esbuild';
import { gzipSize } from './gzip-size.mjs';

/**
 * Bundles `contents` (an ES module) resolving imports from `resolveDir`.
 * `external`: specifiers left out (e.g. React, which the app has anyway).
 * Returns the minified and gzip -9 sizes, the output text, and
 * `inputs`: bytes each source file contributes to the minified output.
 */
export async function bundleAndWeigh({ contents, resolveDir, external = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: 'app.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(meta.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    text: output.text,
    minifiedBytes: output.contents.length,
    gzipBytes: gzipSize(output.contents),
    inputs,
    imports: meta.imports ?? [],
    warnings: result.warnings,
  };
}
