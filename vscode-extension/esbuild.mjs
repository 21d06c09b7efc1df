// Bundles the extension and vscode-languageclient into one file, dist/extension.js.
// `--production` minifies and drops the source map (used by `vsce package`).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  // VS Code 1.93's extension host runs Node 20.
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
});
