import type { Middleware } from '../../types.js';

/**
 * The widget API is called from customers' websites. Preflights are answered for any origin; the
 * real request is checked against the website's own domains by the domain operation, and only
 * then is the origin echoed back. No cookies are involved (the visitor token is explicit).
 */
export const widgetCors: Middleware = async (ctx, next) => {
  const origin = ctx.get('origin');
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Origin', origin || '*');
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'content-type, authorization');
    ctx.set('Access-Control-Max-Age', '600');
    ctx.set('Vary', 'Origin');
    ctx.status = 204;
    return;
  }
  await next();
  if (origin && ctx.state.widgetOriginAllowed) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Vary', 'Origin');
  }
};
