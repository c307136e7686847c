// Bundles main.js with the core for the page: node examples/browser/build.mjs, then open
// examples/browser/index.html.
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
await build({
  entryPoints: [`${here}main.js`],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  minify: true,
  outfile: `${here}bundle.js`,
  logLevel: 'warning',
});
