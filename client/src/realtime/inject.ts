import { inject, type InjectionKey, type Ref } from 'vue';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { ClientInfo } from '../api/types';
import type { ChatPriority } from '../../../lib/protocol/dto.js';

/** The signed-in shell's realtime client and the user's websites, handed to the views below it. */
export interface Live {
  client: RealtimeClient;
  clients: Ref<ClientInfo[]>;
  openChat(chatId: number): void;
  transfer(chatId: number): void;
  closeChat(chatId: number): Promise<void>;
  /** Sends a chat frame (priority, reopen); a refusal is shown to the agent. */
  act(frame: { type: 'chat.priority'; chatId: number; priority: ChatPriority } | { type: 'chat.reopen'; chatId: number }): Promise<void>;
}
export const LIVE: InjectionKey<Live> = Symbol('live');

export function useLive(): Live {
  const live = inject(LIVE);
  if (!live) throw new Error('useLive() outside the signed-in shell');
  return live;
}
