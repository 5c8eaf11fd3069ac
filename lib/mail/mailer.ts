import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import { claim, type LeaseStore } from '../leases/leases.js';
import { memoryLeases } from '../leases/memoryLeases.js';
import { redisLeases } from '../leases/redisLeases.js';
import { createMailQueue } from './queue.js';
import { createSmtpTransport, type MailTransport } from './transport.js';
import type { BuiltMail, EmailDeps } from './emails/types.js';
import { offlineMessageEmail, type OfflineMessageInput } from './emails/offlineMessage.js';
import { agentReplyEmail } from './emails/agentReply.js';
import { chatTranscriptEmail } from './emails/chatTranscript.js';
import { exportReadyEmail } from './emails/exportReady.js';
import { scheduledReportEmail, type ScheduledReportInput } from './emails/scheduledReport.js';
import { adminAlertEmail, type AdminAlert, type KnownAdmins } from './emails/adminAlert.js';

export type { AdminAlert } from './emails/adminAlert.js';

/** An e-mail is claimed once for this long: every node hears every event over Redis, one sends. */
const DEDUPE_MS = 7 * 24 * 60 * 60 * 1000;

export interface Mailer {
  /** False without smtp.url: every call is a no-op. */
  enabled: boolean;
  offlineMessage(input: OfflineMessageInput): void;
  agentReply(messageId: number): void;
  transcript(chatId: number): void;
  adminAlert(alert: AdminAlert): void;
  /** A background export of the chat history is done: the link, to the user who started it. */
  exportReady(exportId: number): void;
  /** The weekly or monthly report, its PDF attached, to one subscriber (built when its turn comes). */
  scheduledReport(input: ScheduledReportInput): void;
  /** How many e-mails are queued or waiting for a retry on this node. */
  pending(): number;
  /** Waits until nothing is queued or retrying (or timeoutMs); resolves with how many are left. */
  drain(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

interface MailerDeps {
  config: Config;
  db: Database;
  logger: Logger;
  redis?: Redis | null;
  /** Tests and the CLI pass their own; default: nodemailer over smtp.url. */
  transport?: MailTransport | null;
}

/**
 * The e-mail service: each e-mail is built from the database when its turn comes (after the
 * commit that caused it), claimed once cluster-wide, and sent through the retrying queue.
 */
export function createMailer(deps: MailerDeps): Mailer {
  const logger = deps.logger.child({ component: 'mail' });
  const transport = deps.transport === undefined ? createSmtpTransport(deps.config) : deps.transport;
  if (!transport) {
    logger.debug('smtp.url is not set: no e-mail is sent');
    const off = () => {};
    return { enabled: false, offlineMessage: off, agentReply: off, transcript: off, adminAlert: off, exportReady: off, scheduledReport: off, pending: () => 0, drain: async () => 0, close: async () => {} };
  }
  const emailDeps: EmailDeps = { models: deps.db.models, config: deps.config };
  const dedupe: LeaseStore[] = deps.redis ? [redisLeases(deps.redis, deps.config.redis.keyPrefix), memoryLeases()] : [memoryLeases()];
  const knownAdmins: KnownAdmins = { emails: [] };
  const queue = createMailQueue({ logger, maxAttempts: deps.config.smtp.maxAttempts, retryDelayMs: deps.config.smtp.retryDelayMs });

  const enqueue = (label: string, build: () => Promise<BuiltMail | null>) => {
    let built: BuiltMail | null | undefined;
    let claimed = false;
    queue.enqueue({
      label,
      async attempt() {
        if (built === undefined) built = await build();
        if (!built) return;
        if (!claimed && built.dedupeKey) {
          if (!(await claim(dedupe, `mail:${built.dedupeKey}`, DEDUPE_MS))) {
            logger.debug({ mail: label }, 'mail already sent by another node');
            built = null;
            return;
          }
        }
        claimed = true;
        await transport.send(built.mail);
        logger.info({ mail: label, to: built.mail.to.length }, 'mail sent');
      },
    });
  };

  return {
    enabled: true,
    offlineMessage: (input) => enqueue(`${input.reason} message of chat ${input.chatId}`, () => offlineMessageEmail(emailDeps, input)),
    agentReply: (messageId) => enqueue(`reply ${messageId} to the visitor`, () => agentReplyEmail(emailDeps, { messageId })),
    transcript: (chatId) => enqueue(`transcript of chat ${chatId}`, () => chatTranscriptEmail(emailDeps, { chatId })),
    adminAlert: (alert) => enqueue(`alert ${alert.problem}`, () => adminAlertEmail(emailDeps, alert, knownAdmins)),
    exportReady: (exportId) => enqueue(`export ${exportId} ready`, () => exportReadyEmail(emailDeps, exportId)),
    scheduledReport: (input) => enqueue(`${input.frequency} report ${input.from} to user ${input.userId}`, () => scheduledReportEmail(emailDeps, input)),
    pending: () => queue.pending(),
    drain: (timeoutMs) => queue.drain(timeoutMs),
    async close() {
      queue.close();
      transport.close();
    },
  };
}
