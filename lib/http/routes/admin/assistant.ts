import { z } from 'zod';
import { assistantSettingsInput, readAssistantSettings, saveAssistantSettings } from '../../../domain/ai/assistantSettings.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';

const byClient = z.object({ clientId: id });

/** The website's assistant: read by its agents, set by those who manage websites. */
const getAssistantRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/assistant',
  permission: 'client.visible',
  input: { params: byClient },
  run: (ctx, { params }) => readAssistantSettings(ctx.domain.models, params.clientId),
  present: (settings) => ({ assistant: settings }),
});

const putAssistantRoute = route({
  method: 'put',
  path: '/api/clients/:clientId/assistant',
  permission: 'clients.manage',
  input: { params: byClient, body: assistantSettingsInput },
  run: (ctx, { params, body }) => saveAssistantSettings(ctx.domain, params.clientId, body),
  present: (settings) => ({ assistant: settings }),
});

export const assistantRoutes = [getAssistantRoute, putAssistantRoute];
