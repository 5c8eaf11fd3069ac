import { expect } from 'chai';
import type { FrameReplies, ReplyTo } from '../../../lib/protocol/frames.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { PolicyName } from '../../../lib/policies/registry.js';
import type { FrameDeclaration } from '../../../lib/realtime/frame.js';

/**
 * The reply map is a compile-time contract: `npm run typecheck` (tsconfig.test.json) compiles this
 * file, and each `@ts-expect-error` fails the typecheck if the mistake below it stops being one.
 */
type Request = RealtimeClient['request'];

// The shared client's request() returns the reply its frame type declares.
export const sendReply = (request: Request) =>
  request({ type: 'message.send', chatId: 1, clientMsgId: 'a', body: 'hi' }).then((reply) => {
    if (!reply.ok) return reply.error.code;
    const seq: number = reply.seq;
    const duplicate: boolean = reply.duplicate;
    // @ts-expect-error a message.send reply has no `chat`
    void reply.chat;
    return seq + Number(duplicate);
  });

// A frame without a reply cannot be requested.
// @ts-expect-error typing gets no reply: it goes through notify()
export const typingRequest = (request: Request) => request({ type: 'typing', chatId: 1, isTyping: true });

// A declared frame's presenter must answer with its frame's reply.
type Present<T extends keyof FrameReplies | 'page.view'> = FrameDeclaration<T, PolicyName, boolean>['present'];
// @ts-expect-error chat.leave answers {left}, not {gone}
export const wrongLeave: Present<'chat.leave'> = () => ({ gone: true });
export const rightLeave: Present<'chat.leave'> = (left) => ({ left });
// Frames without a reply answer nothing.
export const pageView: Present<'page.view'> = () => undefined;

describe('lib/protocol FrameReplies (the reply each request gets)', () => {
  it('has a reply for every request frame and types a failed reply by its error', () => {
    const failed: ReplyTo<'sync'> = { type: 'reply', ref: 'r1', ok: false, error: { code: 'bad_frame', message: 'no' } };
    const keys: Record<keyof FrameReplies, true> = {
      subscribe: true, unsubscribe: true, sync: true, 'message.send': true, read: true, 'chat.start': true,
      'chat.join': true, 'chat.leave': true, 'chat.transfer': true, 'chat.close': true, 'status.set': true,
      'message.edit': true, 'message.delete': true, 'message.react': true, 'message.history': true, delivered: true,
      'chat.priority': true, 'chat.reopen': true,
    };
    expect(Object.keys(keys)).to.have.length(18);
    expect(failed.ok).to.equal(false);
  });
});
