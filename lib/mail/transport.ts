import nodemailer from 'nodemailer';
import type { Config } from '../config/schema.js';

/** What one e-mail is, before the transport: bodies from templates/email, threading by chat. */
export interface OutgoingMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Files sent with it (the scheduled report's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const TIMEOUT_MS = 20_000;

/** nodemailer over smtp.url (smtp:// with STARTTLS when offered, smtps:// for implicit TLS). */
export function createSmtpTransport(config: Pick<Config, 'smtp'>): MailTransport | null {
  if (!config.smtp.url) return null;
  const transporter = nodemailer.createTransport({ url: config.smtp.url, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: config.smtp.from,
        to: mail.to,
        subject: mail.subject.replace(/\s+/g, ' ').trim(),
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        attachments: mail.attachments,
      });
    },
    close: () => transporter.close(),
  };
}
