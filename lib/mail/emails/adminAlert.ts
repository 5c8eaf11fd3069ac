import os from 'node:os';
import { renderEmail } from '../templates.js';
import { superAdmins } from '../recipients.js';
import type { BuiltMail, EmailDeps } from './types.js';

export interface AdminAlert {
  /** What is wrong, as a stable key: 'disk', 'database', 'redis', 'backup-database'... */
  problem: string;
  /** One line: "Free disk space is low on web1". */
  title: string;
  /** What was found and what to do about it, a line each. */
  lines: string[];
  at?: Date;
}

/** The super admins seen last, for an alert about the database itself (they cannot be read then). */
export interface KnownAdmins {
  emails: string[];
}

/** An alert from the scheduled jobs -> the super admins and health.alertEmails. */
export async function adminAlertEmail({ models, config }: EmailDeps, alert: AdminAlert, known: KnownAdmins): Promise<BuiltMail | null> {
  let admins: string[];
  try {
    admins = await superAdmins(models);
    known.emails = admins;
  } catch {
    admins = known.emails;
  }
  const to = [...new Set([...admins, ...config.health.alertEmails])];
  if (to.length === 0) return null;
  const at = alert.at ?? new Date();
  const view = { title: alert.title, lines: alert.lines, host: os.hostname(), at: at.toISOString(), publicUrl: config.publicUrl, intervalMinutes: config.health.alertIntervalMinutes };
  return { dedupeKey: null, mail: { to, subject: `[livechat] ${alert.title}`, ...renderEmail('admin-alert', view) } };
}
