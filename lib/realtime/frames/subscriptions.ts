import { frame } from '../frame.js';

/** Follow a channel (the policy asks mayListen, fresh if access changed meanwhile). */
export const subscribeFrame = frame({
  type: 'subscribe',
  permission: 'channel.listen',
  unitOfWork: 'none',
  run: async ({ env }, { channel }) => {
    env.deps.hub.subscribe(env.conn, channel);
    return channel;
  },
  present: (channel) => ({ channel }),
});

export const unsubscribeFrame = frame({
  type: 'unsubscribe',
  permission: 'identified',
  unitOfWork: 'none',
  run: async ({ env }, { channel }) => {
    env.deps.hub.unsubscribe(env.conn, channel);
    return channel;
  },
  present: (channel) => ({ channel }),
});
