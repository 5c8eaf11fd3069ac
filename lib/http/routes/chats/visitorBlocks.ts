import { z } from 'zod';
import { blockVisitor } from '../../../domain/blocks/blockVisitor.js';
import { unblockVisitor } from '../../../domain/blocks/unblockVisitor.js';
import { blockInput } from '../../../domain/blocks/blockInput.js';
import { listBlocks } from '../../../domain/blocks/refuseBlocked.js';
import { presentVisitorBlock } from '../../../presenters/blocks.js';
import { id } from '../../../domain/schemas.js';
import { agentOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

const byClient = z.object({ clientId: id });

/** A website's blocked visitors and address ranges: everyone who works on it. */
const listBlocksRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/blocks',
  permission: 'client.visible',
  input: { params: byClient },
  run: (ctx, { params }) => listBlocks(ctx.domain.models, params.clientId),
  present: (rows) => ({ blocks: rows.map(presentVisitorBlock) }),
});

/** An agent blocks a visitor or an address range of the website, with a reason (audited). */
const createBlockRoute = route({
  method: 'post',
  path: '/api/clients/:clientId/blocks',
  permission: 'visitors.block',
  input: { params: byClient, body: blockInput },
  status: 201,
  run: (ctx, { params, body }) => blockVisitor(ctx.domain, params.clientId, agentOf(ctx.caller).userId, body),
  present: (row) => ({ block: presentVisitorBlock(row) }),
});

/** Lifts a block (audited). */
const deleteBlockRoute = route({
  method: 'delete',
  path: '/api/clients/:clientId/blocks/:blockId',
  permission: 'visitors.block',
  input: { params: z.object({ clientId: id, blockId: id }) },
  status: 204,
  run: (ctx, { params }) => unblockVisitor(ctx.domain, params.clientId, params.blockId),
  present: () => null,
});

export const visitorBlockRoutes = [listBlocksRoute, createBlockRoute, deleteBlockRoute];
