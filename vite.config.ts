import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import { manifestFor, type TargetBrowser } from './scripts/browser-manifest.ts';
import { noMarkupSinks } from './scripts/markup-sinks.ts';

// crxjs bundles each *.iife.ts content script with Rolldown's `inlineDynamicImports`, an option Rolldown now
// ignores for IIFE output and reports once per script through its own logger (not Vite's, so no Vite setting
// reaches it). The warning says nothing about our code; this keeps that logger to errors.
process.env.CONSOLA_LEVEL ??= '0';

// `vite build --mode chrome` writes dist/chrome, `--mode firefox` writes dist/firefox.
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  const manifest = manifestFor(sourceManifest, browser);
  return {
    plugins: [
      react(),
      // The manifest type of crxjs is narrower than the JSON file's inferred type.
      crx({ manifest: manifest as never, browser }),
      noMarkupSinks(),
    ],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: browser === 'firefox' ? 'firefox140' : 'chrome111',
      // The page hook runs on every Web UI load at document_start: less to parse is better.
      minify: true,
      sourcemap: false,
      rollupOptions: {
        // Extension pages the manifest does not name (or names only in one browser's form).
        input: {
          panel: 'src/panel/index.html',
          history: 'src/history/index.html',
          // Only Chrome's tabs frame the relay (scripts/browser-manifest.ts).
          ...(browser === 'chrome' ? { relay: 'src/relay/index.html' } : {}),
        },
      },
    },
  };
});
