import { AppError } from '../../errors.js';

export const chatClosed = () => new AppError('chat_closed', 'This chat is closed: start a new one to write again.', 409);
export const notParticipant = () => new AppError('not_participant', 'Join the chat before writing in it.', 403);
