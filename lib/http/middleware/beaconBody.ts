import { invalid } from '../../errors.js';
import type { Middleware } from '../types.js';

/**
 * Beacons come as text/plain (a CORS-simple request, so no preflight when a page is being left):
 * read here as JSON (the body parser takes JSON only), so that the visitor token in it and the
 * report are read like any JSON body.
 */
export const beaconBody: Middleware = async (ctx, next) => {
  if (ctx.is('text/plain')) {
    let text = '';
    for await (const chunk of ctx.req) {
      text += chunk;
      if (text.length > 8192) throw invalid('The page report is too large.');
    }
    try {
      ctx.request.body = JSON.parse(text);
    } catch {
      throw invalid('The page report must be JSON.');
    }
  }
  await next();
};
