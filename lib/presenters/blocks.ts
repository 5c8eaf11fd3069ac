import type { VisitorBlockRow } from '../db/models/visitorBlock.js';
import type { BusinessHoursDTO, VisitorBlockDTO } from '../protocol/http.js';
import type { ClientRow } from '../db/models/client.js';
import type { OpeningState } from '../domain/hours/openingState.js';

export const presentVisitorBlock = (b: VisitorBlockRow): VisitorBlockDTO => ({
  id: b.id,
  clientId: b.client_id,
  visitorId: b.visitor_id,
  ipRange: b.ip_range,
  reason: b.reason,
  createdBy: b.created_by,
  createdAt: b.created_at ? new Date(b.created_at).toISOString() : null,
});

export const presentBusinessHours = (client: Pick<ClientRow, 'business_hours'>, state: OpeningState): BusinessHoursDTO => ({
  hours: client.business_hours,
  open: state.open,
  nextOpenAt: state.nextOpenAt?.toISOString() ?? null,
});
