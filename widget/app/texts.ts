/**
 * Every text the chat app shows, in one place: a translation is one more object of this shape
 * (picked in `textsFor`). Functions take the values they interpolate; nothing here is HTML.
 */
export const en = {
  online: 'We are online',
  /** The welcome text with the visitor's name: its own greeting ("Hi!", "Hello,") gives way to this one, never both. */
  hello: (name: string, welcome: string) => {
    const rest = welcome.replace(/^\s*(hi|hello|hey)\b( there)?\s*[!,.]?\s*/i, '');
    return `Hi ${name}! ${rest.charAt(0).toUpperCase()}${rest.slice(1)}`.trim();
  },
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
};

export type Texts = typeof en;

const languages: Record<string, Texts> = { en };

/** The texts for a language tag ("fr-CA" falls back to "fr", then to English). */
export function textsFor(lang: string): Texts {
  const tag = lang.toLowerCase();
  return languages[tag] ?? languages[tag.split('-')[0]] ?? en;
}

export const t = textsFor(typeof navigator === 'undefined' ? 'en' : navigator.language || 'en');
