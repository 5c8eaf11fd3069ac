import { websitesPromisingEmail } from '../../../domain/clients/websitesPromisingEmail.js';
import { skipWithoutConfig, type Check } from '../types.js';

/**
 * The offline form says "we'll respond via email" by default: without SMTP nobody is told of the
 * message by mail and the visitor's promised answer never comes. A warning, not a failure: chat works.
 */
export const mailPromise: Check = {
  id: 'mail-promise',
  title: 'E-mail promised to visitors',
  categories: ['doctor'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    if (ctx.config.smtp.url) return { status: 'pass', message: 'SMTP is configured: offline messages and replies go out by e-mail' };
    let websites;
    try {
      websites = await websitesPromisingEmail((await ctx.database()).models);
    } catch {
      return { status: 'skip', message: 'skipped: the database is not reachable or not migrated' };
    }
    if (websites.length === 0) return { status: 'pass', message: 'no SMTP, and no website promises an answer by e-mail' };
    return {
      status: 'warn',
      message: `no SMTP server is configured (smtp.url), yet the offline form of ${websites.map((w) => `"${w.name}"`).join(', ')} promises an answer by e-mail`,
      fix: 'set smtp.url in the config file (or LIVECHAT_SMTP_URL), then check it with: livechat mail test --to you@example.com; or change the offline texts (livechat client update <id> --offline-text ... --offline-thanks ...)',
    };
  },
};
