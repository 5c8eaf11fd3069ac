import fs from 'node:fs';
import path from 'node:path';
import serve from 'koa-static';
import { packageRoot } from '../paths.js';
import type { Middleware } from './types.js';

/**
 * The built dashboard (client/dist) with a history-mode fallback to index.html. Until the
 * dashboard is built, a small page says what to do instead of a bare 404.
 */
export function dashboard(): Middleware {
  const root = path.join(packageRoot, 'client', 'dist');
  const index = path.join(root, 'index.html');
  const placeholder = path.join(packageRoot, 'templates', 'dashboard-placeholder.html');
  const assets = serve(root, { index: 'index.html', maxage: 0, gzip: true, brotli: true });
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    // Any spelling of /api/ is left to answer 404 (routes are case-sensitive), not given the dashboard page.
    if (/^\/api\//i.test(ctx.path) || ctx.path === '/ws') return next();
    await assets(ctx, async () => {});
    if (ctx.body !== undefined && ctx.body !== null) {
      if (ctx.path.startsWith('/assets/')) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      return;
    }
    if (!ctx.accepts('html') || path.extname(ctx.path)) return next();
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = fs.createReadStream(fs.existsSync(index) ? index : placeholder);
  };
}
