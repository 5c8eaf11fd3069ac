import { forbidden } from '../../errors.js';
import { withUnitOfWork } from '../../domain/unitOfWork.js';
import { setAgentStatus } from '../../domain/chats/setAgentStatus.js';
import { recordPageView } from '../../domain/visitors/recordPageView.js';
import type { FrameHandler } from '../types.js';
import { actorOf, unitOfWork } from './messages.js';

export const statusHandler: FrameHandler<'status.set'> = async (deps, conn, frame) => {
  if (conn.identity.kind !== 'agent') throw forbidden('Only agents have a status.');
  const userId = conn.identity.userId;
  await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) => setAgentStatus(ctx, { userId, status: frame.status }));
  return { status: frame.status };
};

export const pageViewHandler: FrameHandler<'page.view'> = async (deps, conn, frame) => {
  if (conn.identity.kind !== 'visitor') return;
  const visitorId = conn.identity.visitorId;
  await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) => recordPageView(ctx, { visitorId, url: frame.url, title: frame.title }));
};
