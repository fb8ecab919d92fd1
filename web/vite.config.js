/*
 * Vite build for the 落实 web UI.
 *
 * Output (web/dist) is embedded into the luoshi binary by tools/mkassets:
 *   - hashed names (assets/[name]-[hash].js|css) so the server can mark
 *     them immutable; index.html is the only unhashed page;
 *   - a .gz copy beside each compressible file (gzip -9, no name/mtime) so
 *     the server can answer Accept-Encoding: gzip without compressing;
 *   - nothing inline in index.html and no eval in any chunk, so the strict
 *     CSP (script-src 'self') holds.
 * Element Plus is imported on demand (unplugin-vue-components); ECharts is
 * only reached through a dynamic import on pages that chart.
 */
import { fileURLToPath, URL } from 'node:url'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants as zc } from 'node:zlib'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

/* Writes NAME.gz next to every compressible file of the output folder. */
function gzipCopies() {
  let outDir = 'dist'
  return {
    name: 'luoshi-gzip-copies',
    apply: 'build',
    configResolved(cfg) {
      outDir = cfg.build.outDir
    },
    closeBundle() {
      const walk = (dir) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name)
          if (statSync(path).isDirectory()) {
            walk(path)
          } else if (/\.(js|css|html|svg|json|txt|map)$/.test(name)) {
            const raw = readFileSync(path)
            if (raw.length < 512) continue
            const gz = gzipSync(raw, { level: zc.Z_BEST_COMPRESSION })
            if (gz.length < raw.length) writeFileSync(path + '.gz', gz)
          }
        }
      }
      walk(outDir)
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({
      dirs: [],
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })],
    }),
    gzipCopies(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.LUOSHI_URL || 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
})
