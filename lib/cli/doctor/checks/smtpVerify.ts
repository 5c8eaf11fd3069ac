import { redactUrl } from '../../../redactUrl.js';
import { skipWithoutConfig, type Check } from '../types.js';

const TIMEOUT_MS = 5000;

/**
 * Not a `start` check: a mail server that is down for a while delays notification e-mails, it
 * must not keep the chat itself from starting.
 */
export const smtpVerify: Check = {
  id: 'smtp',
  title: 'SMTP server',
  categories: ['doctor'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    const url = ctx.config.smtp.url;
    if (!url) return { status: 'skip', message: 'not configured (smtp.url): no e-mail is sent' };
    const nodemailer = await import('nodemailer');
    const transporter = nodemailer.createTransport({ url, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
    try {
      // Connects, greets, upgrades to TLS when offered and logs in when credentials are given.
      await transporter.verify();
      return { status: 'pass', message: `${redactUrl(url)} accepted the connection` };
    } catch (err) {
      return { status: 'fail', message: `${redactUrl(url)}: ${(err as Error).message}`, fix: 'check smtp.url (host, port, user, password; smtps:// for implicit TLS) and that the mail server accepts this host' };
    } finally {
      transporter.close();
    }
  },
};
