// Builds the editor into dist/editor; the Patchbay server serves it at `/`.
// In development (`npx vite --config editor/vite.config.ts`) /api and /socket.io go to the
// Patchbay server at PATCHBAY_URL (default http://127.0.0.1:1880).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.PATCHBAY_URL ?? 'http://127.0.0.1:1880';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/editor', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // CodeMirror is loaded on demand and is legitimately large.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, ws: true, changeOrigin: true },
    },
  },
});
