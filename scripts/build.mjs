// Bundles the extension, the language server and the command-line tool with esbuild.
// Type checking is separate: `npm run typecheck` runs tsc over the project references.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { embedOpenApiSchemas } from './embed-openapi-schemas.mjs';
import { embedSources } from './embed-sources.mjs';

const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  define: { SWITCHBOARD_VERSION: JSON.stringify(version) },
  // jsonc-parser, which @asyncapi/parser uses, has a UMD main file with requires that esbuild
  // cannot follow, and an ES module build that it can.
  mainFields: ['module', 'main'],
  // Generated clients contain the policy and runtime sources as text.
  plugins: [embedSources, embedOpenApiSchemas],
};

// The server and the command line load the format validators from their own bundle, and only when
// an import or export runs: see server/src/interop/format-tools.ts.
const formatToolsApart = {
  name: 'format-tools-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/format-tools\.js$/ }, () => ({
      path: './format-tools.js',
      external: true,
    }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { server: 'server/src/start.ts' },
    outdir: 'dist',
    plugins: [...common.plugins, formatToolsApart],
  },
  {
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, formatToolsApart],
  },
  {
    ...common,
    entryPoints: { 'format-tools': 'server/src/interop/format-tools.ts' },
    outdir: 'dist',
  },
  // The simulation panel's page runs in a webview: a browser script and its stylesheet.
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
    entryPoints: { page: 'client/src/panel/page/main.ts' },
    outdir: 'media/simulation',
  },
  {
    bundle: true,
    logLevel: 'warning',
    entryPoints: { page: 'client/src/panel/page/page.css' },
    outdir: 'media/simulation',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('Watching for changes.');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
