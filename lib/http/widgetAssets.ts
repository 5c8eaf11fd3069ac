import fs from 'node:fs';
import path from 'node:path';
import serve from 'koa-static';
import { packageRoot } from '../paths.js';
import type { Database } from '../db/index.js';
import type { Middleware } from './types.js';

/** CSP host sources for a website's domains, both schemes: `example.com` also admits `www.`. */
export function frameAncestors(domains: string[]): string {
  const hosts = domains.flatMap((d) => (d.startsWith('*.') ? [d] : [d, `www.${d}`]));
  const sources = hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);
  return sources.length ? sources.join(' ') : "'none'";
}

/**
 * The built widget (widget/dist): `/widget/loader.js`, which every page of a customer's website
 * loads cross-origin (so it must not carry Cross-Origin-Resource-Policy: same-origin), and the chat
 * app under `/widget/app/`, whose page may be framed only by the website named by its `key` (and
 * by livechat's own dashboard, for its preview).
 * Builds ship `.gz` twins of each file, served to browsers that accept gzip.
 */
export function widgetAssets(db: Database): Middleware {
  const root = path.join(packageRoot, 'widget', 'dist');
  const files = serve(root, { index: 'index.html', gzip: true, brotli: false, maxage: 0 });
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith('/widget/')) return next();
    const inner = ctx.path.slice('/widget'.length);
    const isPage = inner === '/app/' || inner === '/app/index.html';
    if (inner === '/app') return ctx.redirect(`/widget/app/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
    if (isPage) {
      const key = typeof ctx.query.key === 'string' ? ctx.query.key : '';
      const client = key ? await db.models.Client.findOne({ where: { widget_key: key, is_active: true }, attributes: ['domains'] }) : null;
      if (!client) {
        ctx.status = 404;
        ctx.body = 'Unknown widget key.';
        return;
      }
      if (!fs.existsSync(path.join(root, 'app', 'index.html'))) {
        ctx.status = 503;
        ctx.body = 'The widget is not built: run npm run build.';
        return;
      }
      ctx.remove('X-Frame-Options');
      ctx.set(
        'Content-Security-Policy',
        [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data: blob: https:",
          "media-src 'self' data:",
          `connect-src 'self' ${ctx.protocol === 'https' ? 'wss:' : 'ws: wss:'}`,
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
          // 'self': the dashboard's appearance editor previews the app with the website's unsaved settings.
          `frame-ancestors 'self' ${frameAncestors(client.domains)}`,
        ].join('; '),
      );
      ctx.set('Cache-Control', 'no-cache');
    }
    const original = ctx.path;
    ctx.path = inner;
    try {
      await files(ctx, async () => {});
    } finally {
      ctx.path = original;
    }
    if (ctx.body === undefined || ctx.body === null) return next();
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    if (!isPage) ctx.set('Cache-Control', inner.startsWith('/app/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  };
}
