import { inject, type InjectionKey, type Ref } from 'vue';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { ClientInfo } from '../api/types';

/** The signed-in shell's realtime client and the user's websites, handed to the views below it. */
export interface Live {
  client: RealtimeClient;
  clients: Ref<ClientInfo[]>;
  openChat(chatId: number): void;
  transfer(chatId: number): void;
  closeChat(chatId: number): Promise<void>;
}
export const LIVE: InjectionKey<Live> = Symbol('live');

export function useLive(): Live {
  const live = inject(LIVE);
  if (!live) throw new Error('useLive() outside the signed-in shell');
  return live;
}
