import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles, one per process. The preload runs in a sandbox, so it must be a single CommonJS file
// that requires nothing but 'electron': everything it imports from src/shared is bundled in.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // Worklets and scripts are separate files served from 'self' so the CSP needs no blob: or eval.
      assetsInlineLimit: 0,
      rollupOptions: {
        // The main window, and the quick-ask launcher (app://…/__quick/index.html maps to quick/).
        input: { index: resolve(__dirname, 'src/renderer/index.html'), quick: resolve(__dirname, 'src/renderer/quick/index.html') },
      },
    },
  },
});
