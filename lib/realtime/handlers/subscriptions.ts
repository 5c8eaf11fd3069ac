import { AppError } from '../../errors.js';
import { mayListen } from '../../policies/realtime.js';
import { askFresh } from '../accessVersion.js';
import type { FrameHandler } from '../types.js';

const refused = (channel: string) => new AppError('forbidden_channel', `You may not listen on ${channel}.`, 403);

export const subscribe: FrameHandler<'subscribe'> = async (deps, conn, frame) => {
  if (!(await askFresh(conn, () => mayListen(deps.db.models, conn.identity, frame.channel)))) throw refused(frame.channel);
  deps.hub.subscribe(conn, frame.channel);
  return { channel: frame.channel };
};

export const unsubscribe: FrameHandler<'unsubscribe'> = async (deps, conn, frame) => {
  deps.hub.unsubscribe(conn, frame.channel);
  return { channel: frame.channel };
};
