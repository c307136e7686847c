// After tsc has written the ES modules to dist/: the CommonJS build beside them, so that
// `require('steppe')` works, and the CLI made executable.
import { build } from 'esbuild';
import { chmodSync, writeFileSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'dist/cjs',
  outExtension: { '.js': '.cjs' },
  // Dependencies stay packages of their own, required at run time.
  packages: 'external',
  // The worker-thread code finds its worker file from its own URL.
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: "const import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  // The gazetteer is read from the ES build's copy, so the package holds it once.
  plugins: [
    {
      name: 'shared-gazetteer',
      setup(build) {
        build.onResolve({ filter: /gazetteer\.json$/ }, () => ({
          path: '../src/entities/gazetteer.json',
          external: true,
        }));
      },
    },
  ],
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
};

await build({
  ...common,
  entryPoints: {
    index: 'src/index.ts',
    node: 'src/node/index.ts',
    'scan-worker': 'src/node/scan-worker.ts',
  },
});
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
chmodSync('dist/bin/steppe.js', 0o755);
