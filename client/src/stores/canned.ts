import { defineStore } from 'pinia';
import { get } from '../api/http';
import type { CannedResponse } from '../api/types';

/** Saved replies per website (global ones included), fetched once per website and session. */
export const useCanned = defineStore('canned', () => {
  const byClient = new Map<number, Promise<CannedResponse[]>>();
  const forClient = (clientId: number) => {
    if (!byClient.has(clientId)) byClient.set(clientId, get<{ cannedResponses: CannedResponse[] }>(`/api/canned-responses?clientId=${clientId}`).then((r) => r.cannedResponses).catch(() => []));
    return byClient.get(clientId)!;
  };
  const forget = () => byClient.clear();
  return { forClient, forget };
});
