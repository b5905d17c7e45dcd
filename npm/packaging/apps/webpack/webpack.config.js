// Only what any webpack app states: its entries and where the bundles go.
// Nothing here is for chatwire: webpack 5's built-in asset handling emits the
// .wasm that `new URL('./chatwire.wasm', import.meta.url)` names.
import { fileURLToPath } from 'node:url';

export default {
  entry: {
    // The default: the .wasm the bundler emitted.
    main: './main.js',
    // The same app with `locateFile`: the .wasm is served from a path of the app's choosing.
    'locate-file': './locate-file.js',
  },
  output: {
    path: fileURLToPath(new URL('./dist/', import.meta.url)),
    filename: '[name].js',
    clean: true,
  },
};
