import { WIDGET_LANGUAGES, type WidgetLanguage } from '../../lib/protocol/widget.js';

/**
 * Every text the chat app shows, in one place: a translation is one more object of this shape, in
 * lang/<code>.ts, its own small chunk fetched before the app draws (only English is in the main
 * bundle, so the first open stays within its budget). Functions take the values they interpolate;
 * nothing here is HTML.
 */
export const en = {
  online: 'We are online',
  /** The welcome text with the visitor's name: its own greeting ("Hi!", "Hello,") gives way to this one, never both. */
  hello: greeting(/^\s*(hi|hello|hey)\b( there)?\s*[!,.]?\s*/i, (name) => `Hi ${name}!`),
  offline: 'Offline',
  minimize: 'Minimize chat',
  endChat: 'End chat',
  endConfirm: 'End this chat?',
  chatOptions: 'Chat options',
  cancel: 'Cancel',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  reconnecting: 'Reconnecting…',
  newMessages: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  typing: (name: string) => `${name} is typing…`,
  agent: 'Agent',
  you: 'You',
  messagePlaceholder: 'Write a message…',
  messageLabel: 'Message',
  conversation: 'Conversation',
  send: 'Send',
  attach: 'Attach a file (PDF, DOC, DOCX, JPG, PNG)',
  sending: 'Sending',
  sent: 'Sent',
  read: 'Read',
  delivered: 'Delivered',
  deleted: 'This message was deleted',
  edited: 'edited',
  reply: 'Reply',
  edit: 'Edit',
  remove: 'Delete',
  react: 'React',
  replyingTo: (who: string) => `Replying to ${who}`,
  editing: 'Editing your message',
  original: 'Original message',
  emoji: 'Emoji',
  openImage: 'Open the picture',
  failed: 'Not sent',
  retry: 'Retry',
  download: 'Download',
  fileExpired: 'File expired',
  uploading: (pct: number) => `Uploading ${pct}%`,
  tooLarge: (size: string, max: string) => `This file is ${size}; files can be ${max} at most.`,
  badType: (types: string) => `Only ${types} files can be sent.`,
  leadIntro: 'Please tell us who you are so that we can help you.',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  serviceType: 'Service type',
  chooseService: 'Choose a service',
  department: 'Department',
  chooseDepartment: 'Choose a department',
  queuePlace: (position: number, waitSeconds: number | null) =>
    `You are number ${position} in the queue.${waitSeconds === null ? '' : ` Estimated wait: about ${Math.max(1, Math.round(waitSeconds / 60))} min.`}`,
  yourMessage: 'Your message',
  optional: '(optional)',
  startChat: 'Start chat',
  leaveMessage: 'Send message',
  required: (field: string) => `${field} is required.`,
  badEmail: 'Enter an email address such as name@example.com.',
  badPhone: 'Enter a phone number: digits, spaces and + ( ) - only, at least 6.',
  serverRefused: (why: string) => `That did not work: ${why}`,
  rateTitle: 'How was your chat?',
  stars: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
  comment: 'Comment',
  submitRating: 'Send rating',
  ratingThanks: 'Thank you for your feedback!',
  newChat: 'Start a new chat',
  chatEnded: 'This chat has ended.',
  backToday: (time: string) => `We are back today at ${time}.`,
  backTomorrow: (time: string) => `We are back tomorrow at ${time}.`,
  backOn: (day: string, time: string) => `We are back on ${day} at ${time}.`,
};

export type Texts = typeof en;

/**
 * The welcome text with the visitor's name: the text's own greeting (matched by `own`, e.g. "Hi!",
 * "Hello,") gives way to the one with the name, never both.
 */
export function greeting(own: RegExp, hi: (name: string) => string) {
  return (name: string, welcome: string) => {
    const rest = welcome.replace(own, '');
    return `${hi(name)} ${rest.charAt(0).toUpperCase()}${rest.slice(1)}`.trim();
  };
}

/** Languages written right to left: the app gets dir="rtl" and its layout mirrors. */
export const isRtl = (lang: WidgetLanguage) => lang === 'ar';

/**
 * The language the widget speaks: the website's setting, or with "auto" the first of the visitor's
 * browser languages we have ("fr-CA" counts as French), else English.
 */
export function chooseLanguage(setting: WidgetLanguage | 'auto' | undefined, browser: readonly string[]): WidgetLanguage {
  if (setting && setting !== 'auto') return setting;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    const found = WIDGET_LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

const translations: Record<Exclude<WidgetLanguage, 'en'>, () => Promise<{ default: Texts }>> = {
  es: () => import('./lang/es.js'),
  fr: () => import('./lang/fr.js'),
  de: () => import('./lang/de.js'),
  ar: () => import('./lang/ar.js'),
};

/**
 * The locale for dates and times: the visitor's own (en-GB writes 18:00, en-US 6:00 PM) when it is
 * in the widget's language, else the widget's language (a weekday's name in the sentence's language).
 */
export function dateLocale(lang: WidgetLanguage, browser: readonly string[]): string {
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === lang) ?? lang;
}

/** The texts in use (a live binding: every view reads `t.x` when it draws). English until `useLanguage` resolves. */
export let t: Texts = en;
/** The locale dates and times are written in (undefined: the browser's). */
export let locale: string | undefined;

/** Fetches one language's texts (its own chunk) and makes them the ones in use. */
export async function useLanguage(lang: WidgetLanguage, browser: readonly string[]): Promise<Texts> {
  t = lang === 'en' ? en : (await translations[lang]()).default;
  locale = dateLocale(lang, browser);
  return t;
}
