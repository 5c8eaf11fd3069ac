import type { LeadFieldValue, PreChatConsent, PreChatField } from '../../protocol/dto.js';
import { invalid } from '../../errors.js';

interface FormSettings {
  customFields?: PreChatField[];
  consent?: PreChatConsent | null;
}

/**
 * Whether the website's pre-chat form is asked again for every chat: its own required questions
 * and its consent box belong to one chat, not to the visitor (name and e-mail are kept on them).
 */
export const formPerChat = (settings: FormSettings | null | undefined) => Boolean(settings?.consent) || (settings?.customFields ?? []).some((f) => f.required);

const TEXT_MAX = 500;

/**
 * The website's own questions and consent box, checked the way the widget checks them: each
 * required question answered, a select's answer one of its options, a checkbox true or false, no
 * answer to a question the website does not ask, and the consent given when the website asks for it.
 * Gives the answers as stored on the chat (with the labels asked) and whether consent was given.
 */
export function checkPreChatForm(settings: FormSettings | null | undefined, lead: { fields?: Record<string, string | boolean>; consent?: boolean }): { values: LeadFieldValue[]; consent: boolean } {
  const fields = settings?.customFields ?? [];
  const given = lead.fields ?? {};
  const unknown = Object.keys(given).filter((k) => !fields.some((f) => f.key === k));
  if (unknown.length) throw invalid(`This website's form has no field ${unknown.map((k) => `"${k}"`).join(', ')}.`);
  const values: LeadFieldValue[] = [];
  const missing: string[] = [];
  for (const field of fields) {
    const raw = given[field.key];
    if (field.type === 'checkbox') {
      if (raw !== undefined && typeof raw !== 'boolean') throw invalid(`"${field.label}" is a checkbox: send true or false.`);
      if (field.required && raw !== true) missing.push(field.label);
      if (raw !== undefined) values.push({ key: field.key, label: field.label, value: raw ? 'yes' : 'no' });
      continue;
    }
    if (raw !== undefined && typeof raw !== 'string') throw invalid(`"${field.label}" takes a text.`);
    const text = (raw ?? '').trim();
    if (!text) {
      if (field.required) missing.push(field.label);
      continue;
    }
    if (text.length > TEXT_MAX) throw invalid(`"${field.label}" can be ${TEXT_MAX} characters at most.`);
    // Control characters are refused in what people type (see lib/domain/schemas.ts).
    if (/[\u0000-\u001F\u007F-\u009F]/.test(text)) throw invalid(`"${field.label}" contains control characters.`);
    if (field.type === 'select' && !(field.options ?? []).includes(text)) throw invalid(`"${field.label}" must be one of: ${(field.options ?? []).join(', ')}.`);
    values.push({ key: field.key, label: field.label, value: text });
  }
  if (missing.length) throw invalid(`This website needs ${missing.map((l) => `"${l}"`).join(' and ')} before a chat starts: fill in ${missing.length > 1 ? 'those fields' : 'that field'} and try again.`);
  if (settings?.consent && lead.consent !== true) throw invalid('This website needs your consent (the checkbox under the form) before a chat starts.');
  return { values, consent: lead.consent === true && Boolean(settings?.consent) };
}
