import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { get } from '../api/http';
import type { AgentInfo, AgentStatus } from '../api/types';

/** Each website's team (for transfers and the agent filter), with statuses kept live. */
export const useAgents = defineStore('agents', () => {
  const byClient = reactive(new Map<number, AgentInfo[]>());
  const statuses = reactive(new Map<number, AgentStatus>());
  const names = reactive(new Map<number, string>());

  async function forClient(clientId: number, refresh = false) {
    if (!byClient.has(clientId) || refresh) {
      const res = await get<{ agents: AgentInfo[] }>(`/api/clients/${clientId}/agents`);
      byClient.set(clientId, res.agents);
      for (const a of res.agents) {
        if (!statuses.has(a.id) || refresh) statuses.set(a.id, a.status);
        names.set(a.id, a.pseudoName);
      }
    }
    return byClient.get(clientId)!;
  }

  const setStatus = (agentId: number, status: AgentStatus) => statuses.set(agentId, status);

  return { byClient, statuses, names, forClient, setStatus };
});
