import type { Config } from '../config/schema.js';

/**
 * Message-IDs that put every e-mail about one chat in one thread in the visitor's mail program:
 * each has its own id and refers (In-Reply-To, References) to the chat's thread root
 * `<chat-<id>@<host>>`. Agents' mail about a chat refers to a separate root, `<chat-<id>.agents@<host>>`.
 */
export function threadOf(config: Pick<Config, 'publicUrl'>, chatId: number, audience: 'visitor' | 'agents' = 'visitor') {
  const host = new URL(config.publicUrl).hostname || 'livechat.invalid';
  const root = audience === 'visitor' ? `<chat-${chatId}@${host}>` : `<chat-${chatId}.agents@${host}>`;
  return {
    root,
    /** Headers of one e-mail in the thread; `part` makes its own Message-ID unique (a message id, a time). */
    headers(part: string) {
      return { messageId: `<chat-${chatId}.${part}${audience === 'agents' ? '.agents' : ''}@${host}>`, inReplyTo: root, references: [root] };
    },
  };
}
