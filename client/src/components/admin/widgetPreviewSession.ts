import type { ClientInfo } from '../../api/types';
import type { WidgetSessionDTO } from '../../../../lib/protocol/widget.js';

/**
 * The widget session the preview feeds the real chat app: the website's settings as edited (not
 * saved yet), an agent online, a new visitor, no chat and no token (the preview connects to nothing).
 */
export function previewSession(name: string, logo: string | null, s: ClientInfo['widgetSettings']): WidgetSessionDTO {
  return {
    token: '',
    visitorKey: 'preview',
    sessionKey: 'preview',
    visitorId: 0,
    pageVisitId: null,
    settings: {
      title: name,
      color: s.color,
      position: s.position,
      welcomeText: s.welcomeText,
      offlineTitle: s.offlineTitle,
      offlineText: s.offlineText,
      offlineThanks: s.offlineThanks,
      serviceTypes: s.serviceTypes,
      departments: [],
      logoUrl: logo && /^(https:\/\/|\/)/.test(logo) ? logo : null,
      sound: s.sound,
      language: s.language,
      leadRequired: s.leadRequired,
      customFields: s.customFields,
      consent: s.consent,
      rating: s.rating,
      agentAvatars: s.agentAvatars,
      whatsapp: s.whatsapp,
      maxFileBytes: 10 * 1024 * 1024,
      fileTypes: ['pdf', 'jpg', 'png'],
    },
    agentsOnline: true,
    openChat: null,
    lastChat: null,
    agents: [],
    leadFormFilled: false,
    hours: { open: true, nextOpenAt: null, outside: 'offline_form', awayText: '' },
    visitor: { name: null, email: null, phone: null },
    triggerWaits: [],
    identity: { status: null },
  };
}
