import { setAgentStatus } from '../../domain/chats/setAgentStatus.js';
import { recordPageView } from '../../domain/visitors/recordPageView.js';
import { agentOf, visitorOf } from '../../identity/identity.js';
import { frame } from '../frame.js';

export const statusFrame = frame({
  type: 'status.set',
  permission: 'agent.status',
  run: async ({ domain, caller }, f) => {
    await setAgentStatus(domain, { userId: agentOf(caller).userId, status: f.status });
    return f.status;
  },
  present: (status) => ({ status }),
});

/** The page a visitor is on now; an agent's is ignored without an answer. */
export const pageViewFrame = frame({
  type: 'page.view',
  permission: 'visitor',
  quiet: true,
  run: ({ domain, caller }, f) => recordPageView(domain, { visitorId: visitorOf(caller).visitorId, url: f.url, title: f.title }),
  present: () => undefined,
});
