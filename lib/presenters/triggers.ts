import type { TriggerRow } from '../db/models/trigger.js';
import type { TriggerCounts } from '../db/triggers/triggerCounts.js';
import type { TriggerDTO } from '../protocol/triggers.js';

const NO_COUNTS: TriggerCounts = { shown: 0, accepted: 0, chatsStarted: 0 };

export const presentTrigger = (r: TriggerRow, counts: TriggerCounts = NO_COUNTS): TriggerDTO => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  enabled: r.enabled,
  priority: r.priority,
  conditions: r.conditions,
  action: r.action,
  frequencyDays: r.frequency_days,
  counts,
});
