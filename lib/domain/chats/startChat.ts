import { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { email, LEAD_FIELDS, leadRequiredOf, messageBody, personName, phoneNumber } from '../schemas.js';
import { invalid, notFound } from '../../errors.js';
import { onlineAgentIds } from './onlineAgents.js';
import { appendSystemMessage } from './systemMessage.js';
import { storeMessage } from './sendMessages.js';
import { clientMsgId as clientMsgIdSchema } from './messageRules.js';
import { notifyNewChat } from './notifyNewChat.js';
import { refuseBlocked } from '../blocks/refuseBlocked.js';
import { isOpen } from '../hours/openingState.js';
import { routingModeOf } from '../routing/routingRules.js';
import { checkPreChatForm, formPerChat } from './preChatForm.js';

/** A field left empty is a field not given: the website's settings say whether it may be. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const leadFormInput = z.object({
  name: optional(personName),
  email: optional(email),
  phone: optional(phoneNumber),
  serviceType: z.string().trim().max(80).optional(),
  departmentId: z.number().int().positive().optional(),
  fields: z.record(z.string().max(40), z.union([z.string().max(2000), z.boolean()])).optional(),
  consent: z.boolean().optional(),
});

const startChatInput = z.object({
  lead: leadFormInput.optional(),
  message: messageBody.optional(),
  clientMsgId: clientMsgIdSchema.optional(),
  visitorSessionId: z.number().int().positive().optional(),
});

/**
 * A visitor opens a chat. An open chat of theirs (waiting, active or offline) is returned as it is
 * (a second tab, a reload, a second try while no agent is online).
 * A chat closed less than `reopenWindowMinutes` ago is continued; an older one is linked as the
 * previous chat of a new one. With an agent of the website online it waits for one; with none,
 * it is an offline message that agents answer later; outside the website's business hours too.
 * A blocked visitor (by id or by the address `ip` they call from) is refused.
 */
export async function startChat(ctx: DomainContext, visitorId: number, raw: z.input<typeof startChatInput>, options: { reopenWindowMinutes: number; ip?: string | null; now?: Date }) {
  const input = parseInput(startChatInput, raw);
  const { models, transaction } = ctx;
  const visitor = await models.Visitor.findByPk(visitorId, { transaction });
  if (!visitor) throw notFound('visitor');
  const client = await models.Client.findByPk(visitor.client_id, { attributes: ['id', 'name', 'widget_settings', 'business_hours'], transaction });
  if (!client) throw notFound('client');
  await refuseBlocked(models, { clientId: client.id, visitorId: visitor.id, ip: options.ip ?? null }, transaction);

  let form: ReturnType<typeof checkPreChatForm> | null = null;
  if (input.lead) {
    const serviceTypes = client.widget_settings?.serviceTypes ?? [];
    if (input.lead.serviceType && !serviceTypes.includes(input.lead.serviceType)) {
      throw invalid(`The service type must be one of: ${serviceTypes.join(', ') || '(none configured)'}.`);
    }
    if (input.lead.departmentId !== undefined) {
      const department = await models.Department.findByPk(input.lead.departmentId, { attributes: ['id', 'client_id'], transaction });
      if (!department || department.client_id !== client.id) throw invalid('The department must be one of this website\'s departments.');
    }
    const required = leadRequiredOf(client.widget_settings);
    form = checkPreChatForm(client.widget_settings, input.lead);
    const missing = LEAD_FIELDS.filter((k) => required[k] && !input.lead![k]);
    if (missing.length) throw invalid(`This website needs your ${missing.join(' and ')} before a chat starts: fill in ${missing.length > 1 ? 'those fields' : 'that field'} and try again.`);
    const { name, email: givenEmail, phone } = input.lead;
    const identifies = (name && name !== visitor.name) || (givenEmail && givenEmail !== visitor.email) || (phone && phone !== visitor.phone);
    // Details an unsigned identify() prefilled are the visitor's own once they send the form.
    const confirmed = visitor.identity_status === 'unverified' ? { identity_status: null } : {};
    await visitor.update({ ...(name ? { name } : {}), ...(givenEmail ? { email: givenEmail } : {}), ...(phone ? { phone } : {}), ...confirmed }, { transaction });
    if (identifies) ctx.integrate?.({ name: 'visitor.identified', clientId: client.id, visitor });
  }

  // Outside business hours nobody is expected: the chat is an offline message, as the widget shows.
  const anyOnline = isOpen(client, options.now ?? new Date()) && (await onlineAgentIds(models, client.id, transaction)).length > 0;
  // An offline chat is open too (until an agent closes it), as the widget session says: a visitor
  // who starts again while no agent is online adds to it, instead of a new empty chat that
  // notified every agent once more.
  const open = await models.Chat.findOne({ where: { visitor_id: visitor.id, status: { [Op.in]: ['waiting', 'active', 'offline'] } }, order: [['id', 'DESC']], transaction });
  let chat = open;
  let created = false;
  if (!chat && !form && formPerChat(client.widget_settings)) throw invalid("This website asks its pre-chat form's questions for every chat: send them as `lead`.");
  if (!chat) {
    const last = await models.Chat.findOne({ where: { visitor_id: visitor.id }, order: [['id', 'DESC']], transaction });
    const recent = last && (last.status === 'closed' || last.status === 'offline') && last.ended_at && Date.now() - new Date(last.ended_at).getTime() < options.reopenWindowMinutes * 60_000;
    if (last && recent) {
      await last.update({ status: anyOnline ? 'waiting' : 'offline', ended_at: null, ended_by: null, assigned_agent_id: null, assigned_at: null, routing_passed: null, queued_at: null }, { transaction });
      chat = last;
      await appendSystemMessage(ctx, chat, 'The visitor came back to this chat.');
    } else {
      chat = await models.Chat.create(
        {
          client_id: client.id,
          visitor_id: visitor.id,
          visitor_session_id: input.visitorSessionId ?? null,
          previous_chat_id: last?.id ?? null,
          status: anyOnline ? 'waiting' : 'offline',
          started_at: new Date(),
          last_message_at: new Date(),
        },
        { transaction },
      );
    }
    created = true;
  }
  if (input.lead) {
    await chat.update(
      {
        lead_form_filled: true,
        service_type: input.lead.serviceType ?? chat.service_type,
        department_id: input.lead.departmentId ?? chat.department_id,
        ...(form?.values.length ? { lead_fields: form.values } : {}),
        ...(form?.consent ? { consent_at: options.now ?? new Date() } : {}),
      },
      { transaction },
    );
    const { name = null, email: leadEmail = null, phone = null, serviceType = null } = input.lead;
    if (name || leadEmail || phone || serviceType) ctx.integrate?.({ name: 'lead.captured', clientId: client.id, chatId: chat.id, visitor, lead: { name, email: leadEmail, phone, serviceType } });
  }
  if (created) {
    ctx.emit({ name: 'chat.created', clientId: client.id, chat, visitor, currentPage: null, clientName: client.name });
    // A routed chat rings only the agent routing gives it to (lib/routing), after this commit.
    if (chat.status === 'offline' || (await routingModeOf(models, chat, transaction)) === 'notify_all') await notifyNewChat(ctx, chat, visitor, client.name);
  }
  // The first message takes the message pipeline like any other (a resend answers with the first).
  const first = input.message
    ? await storeMessage(ctx, { sender: { type: 'visitor', visitorId: visitor.id }, chatId: chat.id, clientMsgId: input.clientMsgId ?? `start-${chat.id}-${Date.now()}`, body: input.message })
    : null;
  return { chat, created, message: first };
}
