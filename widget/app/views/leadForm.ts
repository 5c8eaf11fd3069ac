import type { LeadForm } from '../../../lib/protocol/frames.js';
import type { PreChatConsent, PreChatField } from '../../../lib/protocol/dto.js';
import { h } from '../dom.js';
import { t } from '../texts.js';

export interface LeadSubmission {
  lead: LeadForm;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{6,25}$/;

/**
 * The lead form before the chat: name, e-mail and phone, each required or optional as the website
 * says, its service types, and a first message (required when nobody is online: it is what agents
 * answer by e-mail), then the website's own questions and its consent box (the server checks them
 * the same way). Each field says what is wrong next to it; the first wrong field gets the focus.
 */
export function leadForm(
  options: { serviceTypes: string[]; departments: { id: number; name: string }[]; customFields: PreChatField[]; consent: PreChatConsent | null; offline: boolean; required: { name: boolean; email: boolean; phone: boolean }; prefill: { name?: string | null; email?: string | null; phone?: string | null } },
  submit: (s: LeadSubmission) => Promise<string | null>,
) {
  const req = options.required;
  const errors = new Map<string, HTMLElement>();
  const field = (name: string, label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, required: boolean) => {
    control.id = `lead-${name}`;
    control.name = name;
    if (required) control.setAttribute('aria-required', 'true');
    const error = h('p', { class: 'field-error', id: `lead-${name}-error`, hidden: true });
    control.setAttribute('aria-describedby', error.id);
    errors.set(name, error);
    return h('div', { class: 'field' }, h('label', { for: control.id }, label, required ? h('span', { 'aria-hidden': 'true' }, ' *') : h('small', {}, ` ${t.optional}`)), control, error);
  };
  const name = h('input', { type: 'text', autocomplete: 'name', maxlength: 120, value: options.prefill.name ?? '' });
  const email = h('input', { type: 'email', autocomplete: 'email', maxlength: 190, value: options.prefill.email ?? '' });
  const phone = h('input', { type: 'tel', autocomplete: 'tel', maxlength: 25, value: options.prefill.phone ?? '' });
  // A website with departments asks which one instead of the service type.
  const department = options.departments.length
    ? h('select', {}, h('option', { value: '' }, t.chooseDepartment), ...options.departments.map((d) => h('option', { value: String(d.id) }, d.name)))
    : null;
  const service = !department && options.serviceTypes.length
    ? h('select', {}, h('option', { value: '' }, t.chooseService), ...options.serviceTypes.map((s) => h('option', { value: s }, s)))
    : null;
  // The website's own questions: a text, a choice, or a checkbox (its label beside the box).
  const custom = options.customFields.map((f) => {
    const control =
      f.type === 'select'
        ? h('select', {}, h('option', { value: '' }, '—'), ...(f.options ?? []).map((o) => h('option', { value: o }, o)))
        : h('input', f.type === 'checkbox' ? { type: 'checkbox' } : { type: 'text', maxlength: 500 });
    return { f, control, el: f.type === 'checkbox' ? checkRow(`field-${f.key}`, control as HTMLInputElement, f.label, f.required) : field(`field-${f.key}`, f.label, control, f.required) };
  });
  const consentBox = options.consent ? h('input', { type: 'checkbox' }) : null;
  const consentRow =
    options.consent && consentBox
      ? checkRow('consent', consentBox, options.consent.text, true, options.consent.privacyUrl ? h('a', { href: options.consent.privacyUrl, target: '_blank', rel: 'noopener' }, t.privacy) : null)
      : null;
  function checkRow(key: string, box: HTMLInputElement, label: string, required: boolean, extra: HTMLElement | null = null) {
    box.id = `lead-${key}`;
    box.name = key;
    if (required) box.setAttribute('aria-required', 'true');
    const error = h('p', { class: 'field-error', id: `lead-${key}-error`, hidden: true });
    box.setAttribute('aria-describedby', error.id);
    errors.set(key, error);
    return h('div', { class: 'check-field' }, h('div', { class: 'check-row' }, box, h('label', { for: box.id }, label, required ? h('span', { 'aria-hidden': 'true' }, ' *') : null), extra ? h('span', {}, ' ', extra) : null), error);
  }
  const message = h('textarea', { rows: 2, maxlength: 5000 });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary' }, options.offline ? t.leaveMessage : t.startChat);

  const form = h(
    'form',
    { class: 'lead', novalidate: true, 'aria-label': t.leadIntro },
    h('p', { class: 'lead-intro' }, t.leadIntro),
    formError,
    field('name', t.name, name, req.name),
    field('email', t.email, email, req.email),
    field('phone', t.phone, phone, req.phone),
    service ? field('serviceType', t.serviceType, service, false) : null,
    department ? field('departmentId', t.department, department, false) : null,
    ...custom.map((c) => c.el),
    field('message', t.yourMessage, message, options.offline),
    consentRow,
    button,
  );

  const check = (): [string, string][] => {
    const problems: [string, string][] = [];
    if (req.name && !name.value.trim()) problems.push(['name', t.required(t.name)]);
    if (!email.value.trim()) req.email && problems.push(['email', t.required(t.email)]);
    else if (!EMAIL.test(email.value.trim())) problems.push(['email', t.badEmail]);
    if (!phone.value.trim()) req.phone && problems.push(['phone', t.required(t.phone)]);
    else if (!PHONE.test(phone.value.trim())) problems.push(['phone', t.badPhone]);
    for (const { f, control } of custom) {
      const given = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value.trim();
      if (f.required && !given) problems.push([`field-${f.key}`, t.required(f.label)]);
    }
    if (options.offline && !message.value.trim()) problems.push(['message', t.required(t.yourMessage)]);
    if (consentBox && !consentBox.checked) problems.push(['consent', t.consentNeeded]);
    return problems;
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const problems = check();
    for (const [key, el] of errors) {
      const problem = problems.find(([k]) => k === key);
      el.hidden = !problem;
      el.textContent = problem?.[1] ?? '';
      form.querySelector(`[name=${key}]`)?.setAttribute('aria-invalid', String(Boolean(problem)));
    }
    formError.hidden = true;
    if (problems.length) return (form.querySelector(`[name=${problems[0][0]}]`) as HTMLElement).focus();
    button.disabled = true;
    const refused = await submit({
      // Only what was filled in: an optional field left empty is not sent.
      lead: {
        ...Object.fromEntries(Object.entries({ name: name.value.trim(), email: email.value.trim(), phone: phone.value.trim(), serviceType: service?.value ?? '' }).filter(([, v]) => v)),
        ...(department?.value ? { departmentId: Number(department.value) } : {}),
        ...(custom.length ? { fields: Object.fromEntries(custom.map(({ f, control }) => [f.key, control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value.trim()]).filter(([, v]) => v !== '')) } : {}),
        ...(consentBox ? { consent: consentBox.checked } : {}),
      },
      message: message.value.trim(),
    });
    button.disabled = false;
    if (refused) {
      formError.textContent = t.serverRefused(refused);
      formError.hidden = false;
      formError.focus();
    }
  });

  return {
    el: form,
    prefill(identity: { name?: string; email?: string }) {
      if (identity.name && !name.value) name.value = identity.name;
      if (identity.email && !email.value) email.value = identity.email;
    },
    focus: () => name.focus(),
  };
}
