import { AppError, notFound } from '../../errors.js';

/** Who writes a message: a visitor, or an agent (the system writes without asking). */
export type Writer = { type: 'visitor'; visitorId: number } | { type: 'agent'; userId: number };

export const chatClosed = () => new AppError('chat_closed', 'This chat is closed: start a new one to write again.', 409);
export const notParticipant = () => new AppError('not_participant', 'Join the chat before writing in it.', 403);
export const notesForAgents = () => new AppError('notes_for_agents', 'Only agents write internal notes: send the message without `internal`.', 403);

/**
 * May this writer write in this chat: the one place the rule is decided, for every message (text,
 * file, first message of a chat, greeting). A visitor writes in their own chat only, an agent in a
 * chat they have joined and not left; nobody writes in a closed chat. Another visitor's chat (or one
 * that does not exist) is "not found", so its id cannot be probed. Pure: the caller has read the
 * chat and the agent's participation in its transaction (the entry point has already checked the
 * tenancy, policies/realtime.ts mayActInChat). Returns the refusal, or null.
 *
 * It lives in the domain, not in policies/: who may act in the chat at all (the tenancy) is the
 * policy the runner asks before the operation; whether the chat's state lets this write through
 * can only be decided on the rows the operation has read under its lock, so it is a domain rule.
 */
export function writeRefusal(
  writer: Writer,
  chat: { visitor_id: number; status: string } | undefined,
  participating: boolean,
  wants: { internal?: boolean } = {},
): AppError | null {
  if (!chat || (writer.type === 'visitor' && chat.visitor_id !== writer.visitorId)) return notFound('chat');
  if (chat.status === 'closed') return chatClosed();
  if (writer.type === 'agent' && !participating) return notParticipant();
  if (writer.type === 'visitor' && wants.internal === true) return notesForAgents();
  return null;
}

/** Whether a refusal hides the chat altogether (then not even a resend is answered). */
export const hidesChat = (refusal: AppError | null) => refusal?.code === 'not_found';
