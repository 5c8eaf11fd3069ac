import { z } from 'zod';
import { presentVisitor } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';

/** A visitor's profile, for the clients the user works on: the policy has found it (or answered 404). */
const getVisitorRoute = route({
  method: 'get',
  path: '/api/visitors/:visitorId',
  permission: 'visitor.visible',
  input: { params: z.object({ visitorId: id }) },
  run: async (ctx) => ctx.grant,
  present: (visitor) => ({ visitor: presentVisitor(visitor) }),
});

export const visitorRoutes = [getVisitorRoute];
