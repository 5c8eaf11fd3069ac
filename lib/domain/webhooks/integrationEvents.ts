import type { ChatRow } from '../../db/models/chat.js';
import type { VisitorRow } from '../../db/models/visitor.js';

/**
 * What happened that only integrations hear of (webhooks), not the realtime clients: recorded in
 * the operation's transaction by the unit of work (the outbox), never published on the bus.
 */
export type IntegrationEvent =
  | { name: 'visitor.identified'; clientId: number; visitor: VisitorRow }
  | { name: 'lead.captured'; clientId: number; chatId: number; visitor: VisitorRow; lead: { name: string | null; email: string | null; phone: string | null; serviceType: string | null } }
  | { name: 'rating.given'; clientId: number; chat: ChatRow };
