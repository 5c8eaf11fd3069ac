import type { Middleware } from '../../types.js';

/**
 * The widget API is called from customers' websites and carries no cookies (a visitor token is
 * explicit), so any page may read its answers, errors included: which origins may get a token
 * is decided by the domain operation from the Origin header, which browsers do not let pages forge.
 */
export const widgetCors: Middleware = async (ctx, next) => {
  const origin = ctx.get('origin');
  ctx.set('Vary', 'Origin');
  if (origin) ctx.set('Access-Control-Allow-Origin', origin);
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'content-type, authorization');
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
    return;
  }
  await next();
};
