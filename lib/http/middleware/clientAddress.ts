import { clientAddress } from '../../clientAddress.js';
import type { Middleware } from '../types.js';

/**
 * Sets ctx.ip once, from the one helper the WebSocket upgrade uses too, so that no route reads
 * X-Forwarded-For its own way (Koa's ctx.ip would trust the left-most, client-written entry).
 */
export function clientAddressOf(trustedProxies: number): Middleware {
  return async (ctx, next) => {
    ctx.request.ip = clientAddress(ctx.req, trustedProxies) ?? '';
    await next();
  };
}
