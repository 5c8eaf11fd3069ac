import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * Two bundles: the loader (one small IIFE the snippet loads on every page view) and the chat app
 * (a page served by livechat inside an iframe, fetched only when a visitor opens the chat).
 * `WIDGET_PART=loader|app` picks which; `npm run build:widget` builds both.
 */
const part = process.env.WIDGET_PART === 'app' ? 'app' : 'loader';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(
  part === 'loader'
    ? {
        build: {
          outDir: here('dist'),
          emptyOutDir: false,
          // es2020 keeps `?.` and `??` as written (es2019 spelled each out as `x==null?void 0:x.y`):
          // about 60 bytes gzipped of the 3 kB budget; every browser since spring 2020 runs it.
          target: 'es2020',
          minify: true,
          reportCompressedSize: true,
          lib: { entry: here('loader/index.ts'), formats: ['iife'], name: 'LivechatLoader', fileName: () => 'loader.js' },
        },
      }
    : {
        root: here('app'),
        base: '/widget/app/',
        build: { outDir: here('dist/app'), emptyOutDir: true, target: 'es2019', reportCompressedSize: true },
      },
);
