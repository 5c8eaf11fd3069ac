import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { ClientRow } from '../../db/models/client.js';
import type { VisitorRow } from '../../db/models/visitor.js';
import type { Instance } from '../../db/models/types.js';
import { email, personName } from '../schemas.js';
import { checkIdentitySignature, type SignatureVerdict } from './identitySignature.js';

type VisitorModel = Instance<VisitorRow>;

/** What the host page gave `Livechat('identify', {...})`: userId, email, name, timestamp, signature, and custom attributes. */
export const identityClaims = z.record(z.string().max(60), z.unknown()).refine((o) => Object.keys(o).length <= 50, 'at most 50 keys');

/** Where the visitor's identity stands after this call: what agents see, and why a signature was not taken. */
export type IdentityOutcome = { status: 'verified' | 'unverified' | null } | { status: 'refused'; reason: Exclude<SignatureVerdict, 'valid'> };

const SIGNED_KEYS = new Set(['userId', 'email', 'name', 'timestamp', 'signature']);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** A field the host page got wrong is left out, not fatal: the widget still starts. */
const valid = <T>(schema: z.ZodType<T>, v: unknown) => (v === undefined ? undefined : schema.safeParse(v).data);
const attributesOf = (claims: Record<string, unknown>) => {
  const kept = Object.entries(claims).flatMap(([k, v]) => (!SIGNED_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number') ? [[k, typeof v === 'string' ? v.slice(0, 200) : v]] : []));
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : null;
};

/**
 * The host page said who its visitor is. Signed (the website's identity secret, a fresh timestamp):
 * name, e-mail and attributes are taken as the site's word, the visitor is marked verified, and an
 * earlier visitor of the same user id on this website absorbs this one (chats, visits, blocks move
 * there; the answer names it, so the widget keeps its key): one person, one history, any device.
 * Unsigned: name and e-mail are kept but marked unverified for agents, and never over a verified
 * identity. A signature that does not hold changes nothing and says why.
 */
export async function applyIdentity(ctx: DomainContext, client: ClientRow, visitor: VisitorModel, claims: Record<string, unknown> | undefined, nowMs: number): Promise<{ visitor: VisitorModel; identity: IdentityOutcome }> {
  const { models, transaction } = ctx;
  const name = valid(personName, str(claims?.name));
  const mail = valid(email, str(claims?.email));
  if (!claims || claims.signature === undefined) {
    if (!claims || visitor.identity_status === 'verified' || (!name && !mail)) return { visitor, identity: { status: visitor.identity_status } };
    // The same name and e-mail the visitor already gave (the host page says it again on every page)
    // change nothing: a visitor who sent the lead form is not asked for it again.
    if ((!name || name === visitor.name) && (!mail || mail === visitor.email)) return { visitor, identity: { status: visitor.identity_status } };
    await visitor.update({ ...(name ? { name } : {}), ...(mail ? { email: mail } : {}), identity_status: 'unverified' }, { transaction });
    return { visitor, identity: { status: 'unverified' } };
  }
  const userId = str(claims.userId)?.slice(0, 190) ?? '';
  const signed = { userId, email: str(claims.email) ?? '', name: str(claims.name) ?? '', timestamp: Number(claims.timestamp) };
  const verdict = userId && Number.isInteger(signed.timestamp) ? checkIdentitySignature(client.identity_secret, signed, String(claims.signature), nowMs) : 'forged';
  if (verdict !== 'valid') return { visitor, identity: { status: 'refused', reason: verdict } };

  const earlier = await models.Visitor.findOne({ where: { client_id: client.id, external_user_id: userId, merged_into_id: null }, order: [['id', 'ASC']], transaction });
  let person = earlier ?? visitor;
  if (earlier && earlier.id !== visitor.id) {
    if (visitor.external_user_id && visitor.external_user_id !== userId) await handOverCurrentVisit(ctx, visitor, earlier);
    else await mergeVisitor(ctx, visitor, earlier);
  } else if (!earlier && visitor.external_user_id && visitor.external_user_id !== userId) {
    // Another user of this browser signed in: a visitor of their own, with only this visit.
    person = await models.Visitor.create({ client_id: client.id, visitor_key: crypto.randomUUID(), ip_address: visitor.ip_address, first_visit_at: new Date(nowMs), last_visit_at: new Date(nowMs), total_visits: 1 }, { transaction });
    await handOverCurrentVisit(ctx, visitor, person);
  }
  await person.update({ external_user_id: userId, identity_status: 'verified', ...(name ? { name } : {}), ...(mail ? { email: mail } : {}), attributes: attributesOf(claims) ?? person.attributes }, { transaction });
  return { visitor: person, identity: { status: 'verified' } };
}

/** Everything of `from` becomes `into`'s; `from` stays as a pointer (its key may still be in a browser). */
async function mergeVisitor(ctx: DomainContext, from: VisitorModel, into: VisitorModel) {
  const { models, transaction } = ctx;
  const move = { visitor_id: into.id };
  await models.Chat.update(move, { where: { visitor_id: from.id }, transaction });
  await models.Message.update({ sender_id: into.id }, { where: { sender_type: 'visitor', sender_id: from.id }, transaction });
  await models.VisitorSession.update(move, { where: { visitor_id: from.id }, transaction });
  await models.TriggerShow.update(move, { where: { visitor_id: from.id }, transaction });
  await models.VisitorBlock.update(move, { where: { visitor_id: from.id }, transaction });
  const first = new Date(Math.min(new Date(from.first_visit_at).getTime(), new Date(into.first_visit_at).getTime()));
  await into.update({ total_visits: into.total_visits + from.total_visits, first_visit_at: first, last_visit_at: new Date(), ip_address: from.ip_address ?? into.ip_address, device: from.device, browser: from.browser, os: from.os, country: from.country, city: from.city }, { transaction });
  await from.update({ merged_into_id: into.id, external_user_id: null }, { transaction });
}

/** A browser shared by two users: only the session going on now moves to the one signing in. */
async function handOverCurrentVisit(ctx: DomainContext, from: VisitorModel, to: VisitorModel) {
  const latest = await ctx.models.VisitorSession.findOne({ where: { visitor_id: from.id }, order: [['id', 'DESC']], transaction: ctx.transaction });
  if (latest) await latest.update({ visitor_id: to.id }, { transaction: ctx.transaction });
}
