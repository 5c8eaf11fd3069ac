import type { ChatRow } from '../db/models/chat.js';
import type { MessageRow } from '../db/models/message.js';
import type { UserRow } from '../db/models/user.js';
import type { VisitorRow } from '../db/models/visitor.js';
import type { BusEvent } from '../protocol/events.js';

/** An agent as an event names them: the columns lib/presenters turns into the protocol's AgentRef. */
export type AgentOfEvent = Pick<UserRow, 'id' | 'pseudo_name' | 'avatar'>;

/** The events whose payload the domain gives as rows, presented into the protocol's DTOs on the way out. */
type RowEvent =
  | { name: 'chat.created'; clientId: number; chat: ChatRow; visitor: VisitorRow; currentPage: string | null; clientName: string }
  | { name: 'message.created'; clientId: number; chatId: number; message: MessageRow; senderName: string | null }
  | { name: 'message.updated'; clientId: number; chatId: number; seq: number; change: 'edit' | 'delete' | 'react'; message: MessageRow; senderName: string | null }
  | { name: 'file.shared'; clientId: number; chatId: number; message: MessageRow; preview: boolean }
  | { name: 'agent.joined' | 'agent.left'; clientId: number; chatId: number; agent: AgentOfEvent }
  | { name: 'chat.transferred'; clientId: number; chatId: number; from: AgentOfEvent | null; to: AgentOfEvent; reason: string | null; mode: 'leave' | 'stay' }
  | { name: 'chat.invited'; clientId: number; visitorId: number; chat: ChatRow; agent: AgentOfEvent }
  | { name: 'chat.assigned'; clientId: number; chatId: number; agent: AgentOfEvent | null; reason: 'routed' | 'manual' | 'timeout' | 'department' }
  | { name: 'chat.updated'; clientId: number; chatId: number; change: 'priority' | 'reopened'; chat: ChatRow };

/**
 * What a domain operation emits: the protocol's events (lib/protocol/events.ts), except that those
 * carrying a chat, a message, a visitor or an agent carry the row. The domain states what happened;
 * the layer that opens the unit of work supplies `present` (lib/presenters/events.ts), which the
 * unit of work applies when the event is emitted, so the bus carries only the protocol's shapes.
 */
export type DomainEvent = Exclude<BusEvent, { name: RowEvent['name'] }> | RowEvent;

/** Turns what the domain emitted into what the bus carries (given by the caller: the domain does not present). */
export type PresentEvent = (event: DomainEvent) => BusEvent;
