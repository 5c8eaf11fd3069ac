import type { OutgoingMail } from '../transport.js';
import { escapeHtml } from '../templater.js';

/** The message `livechat mail test` sends: says where it came from, so a reader knows it was only a check. */
export function testMessageMail(to: string, publicUrl: string, sentAt: Date): OutgoingMail {
  const text = `This is a test message from livechat at ${publicUrl}, sent ${sentAt.toISOString()} by \`livechat mail test\`.\n\nIf you can read it, livechat can send e-mail: offline messages, replies to visitors and chat transcripts will go out.`;
  const html = `<p>This is a test message from livechat at <a href="${encodeURI(publicUrl)}">${escapeHtml(publicUrl)}</a>, sent ${sentAt.toISOString()} by <code>livechat mail test</code>.</p><p>If you can read it, livechat can send e-mail: offline messages, replies to visitors and chat transcripts will go out.</p>`;
  return { to: [to], subject: 'livechat test message', text, html };
}

