import type { Models } from '../db/models/index.js';
import type { Identity } from '../identity/identity.js';
import type { PolicyAsk } from './registry.js';
import { mayActInChat, mayListen } from './realtime.js';

/** The policies' questions asked straight of the database (an HTTP request; a socket remembers answers instead). */
export function askDatabase(models: Models, identity: Identity | null): PolicyAsk {
  return {
    models,
    actInChat: async (chatId) => (identity ? mayActInChat(models, identity, chatId) : null),
    listen: async (channel) => (identity ? mayListen(models, identity, channel) : false),
  };
}
