import { z } from 'zod';
import { ROLES } from '../db/models/user.js';
import { WIDGET_LANGUAGES } from '../protocol/widget.js';

/** Field rules shared by the operations (and so by the HTTP API and the CLI alike). */

/**
 * Control characters are refused, not stripped, in what people type (bodies, names, titles):
 * a NUL or an escape sequence is a client bug or an attack, and silently changing a message would
 * hide it. Text over several lines keeps tab and line feed (CR LF and lone CR become LF); one-line
 * text keeps none. C1 controls (U+0080-U+009F) count too: they are invisible in every font.
 */
const CONTROL_IN_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F]+/g;

/** Several lines a person wrote (a message, a comment, a reason). */
export const multilineText = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, '\n'))
  .refine((s) => !CONTROL_IN_MULTILINE.test(s), 'must not contain control characters (line breaks and tabs are fine)');

/** One line: a name, a title. */
export const singleLineText = z.string().refine((s) => !CONTROL_IN_LINE.test(s), 'must not contain control characters or line breaks');

/** A chat message's text, wherever it is sent from. */
export const messageBody = multilineText.pipe(z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5,000 characters'));

/** The page a visitor is on, as the widget reports it: an absolute http(s) URL of sane length. */
export const pageUrl = z
  .string()
  .max(2048, 'must be at most 2,048 characters')
  .refine((s) => /^https?:$/.test(URL.parse(s)?.protocol ?? ''), 'must be an http:// or https:// URL');
/**
 * The host page's document.title: not typed by the visitor, so a control character in it is the
 * website's doing and must not break the widget there. Each run of them becomes one space.
 */
export const pageTitle = z
  .string()
  .max(500)
  .transform((s) => s.replace(CONTROL_RUNS, ' ').trim());
export const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address' })).pipe(z.string().max(190));
export const password = z.string().min(10, 'must be at least 10 characters').max(200);
/**
 * A phone number as people type it ("+49 (151) 234-5678"), kept as its digits with the leading "+"
 * of an international number, so the same number typed twice is stored the same.
 */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().\-/]{6,30}$/, 'must be a phone number (digits, spaces, + ( ) . - /)')
  .transform((s) => (s.startsWith('+') ? '+' : '') + s.replace(/\D/g, ''))
  .refine((s) => /^\+?\d{6,15}$/.test(s), 'must be a phone number of 6 to 15 digits');

/** A chat's priority, least to most pressing (urgent waiting chats come first). */
export const CHAT_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export const personName = singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(120));
export const pseudoName = singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(80));
export const role = z.enum(ROLES);
export const id = z.coerce.number().int().positive();

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?$/;

/** A website's domain, given as `example.com`, `*.example.com` or a URL; stored as a lower-case host. */
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, ''))
  .refine((host) => HOST.test(host), { message: 'must be a host name such as example.com or *.example.com' });

export const widgetSettings = z.object({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f7aec'),
  position: z.enum(['left', 'right']),
  welcomeText: z.string().max(500),
  offlineText: z.string().max(500),
  serviceTypes: z.array(z.string().trim().min(1).max(80)).max(30),
  transcriptEmails: z.boolean(),
  /** Widget-only texts and switches; older websites lack them and get the defaults below. */
  offlineTitle: z.string().max(120).optional(),
  offlineThanks: z.string().max(500).optional(),
  sound: z.boolean().optional(),
  /** The widget's language, or auto: the visitor's browser language when the widget has it. */
  language: z.enum(['auto', ...WIDGET_LANGUAGES]).optional(),
  /** Which lead form fields a visitor must fill in before chatting (the others are optional). */
  leadRequired: z.strictObject({ name: z.boolean(), email: z.boolean(), phone: z.boolean() }).optional(),
  /** The website's own pre-chat questions; keys unique. */
  customFields: z
    .array(
      z
        .strictObject({
          key: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, - or _'),
          label: z.string().trim().min(1).max(120),
          type: z.enum(['text', 'select', 'checkbox']),
          required: z.boolean(),
          options: z.array(z.string().trim().min(1).max(80)).max(30).optional(),
        })
        .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) > 0, { message: 'a select needs at least one option' }),
    )
    .max(10)
    .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, { message: 'each field needs its own key' })
    .optional(),
  /** A consent box the visitor must tick before chatting (null: none). */
  consent: z.strictObject({ text: z.string().trim().min(1).max(500), privacyUrl: z.string().url().regex(/^https?:\/\//, 'must be an http(s) address').max(500).nullable() }).nullable().optional(),
  /** Ask for a rating once a chat has ended. */
  rating: z.boolean().optional(),
  /** Show the agents' avatars beside their messages. */
  agentAvatars: z.boolean().optional(),
  /** A "Continue on WhatsApp" link to this number (international, digits), or null for none. */
  whatsapp: z.string().trim().regex(/^\+?[0-9 ]{6,20}$/, 'must be an international phone number such as +34 600 123 456').nullable().optional(),
});

export const LEAD_FIELDS = ['name', 'email', 'phone'] as const;
export type LeadRequired = NonNullable<z.infer<typeof widgetSettings>['leadRequired']>;
/** Name and e-mail (to answer by e-mail), not the phone: a website asks for more if it wants. */
export const DEFAULT_LEAD_REQUIRED: LeadRequired = { name: true, email: true, phone: false };
export const leadRequiredOf = (settings: { leadRequired?: LeadRequired } | null | undefined): LeadRequired => ({ ...DEFAULT_LEAD_REQUIRED, ...settings?.leadRequired });

export const DEFAULT_WIDGET_SETTINGS: z.infer<typeof widgetSettings> = {
  color: '#1f7aec',
  position: 'right',
  welcomeText: 'Hi! How can we help you today?',
  offlineText: "All agents are offline. Leave a message and we'll respond via email.",
  serviceTypes: [],
  transcriptEmails: false,
  offlineTitle: 'All agents are offline',
  offlineThanks: "Thank you! We'll respond via email.",
  sound: true,
  language: 'auto',
  leadRequired: DEFAULT_LEAD_REQUIRED,
  customFields: [],
  consent: null,
  rating: true,
  agentAvatars: true,
  whatsapp: null,
};
