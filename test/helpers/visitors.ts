import crypto from 'node:crypto';
import { TestSocket } from './rtclient.js';

/** A visitor as the widget makes one: a token from the widget API (from an allowed origin), then a socket. */
export async function visitorSession(baseUrl: string, widgetKey: string, origin = 'https://example.test', visitorKey?: string, path = '/pricing') {
  const res = await fetch(`${baseUrl}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ widgetKey, visitorKey, page: { url: `${origin}${path}`, title: 'Pricing' } }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`widget session refused: ${res.status} ${JSON.stringify(body)}`);
  return body as { token: string; visitorId: number; visitorKey: string; agentsOnline: boolean; openChat: any };
}

export async function connectVisitor(baseUrl: string, widgetKey: string, origin = 'https://example.test', visitorKey?: string, path = '/pricing') {
  const session = await visitorSession(baseUrl, widgetKey, origin, visitorKey, path);
  const socket = await TestSocket.connect(`${baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(session.token)}`, { origin });
  return { session, socket };
}

export async function connectAgent(baseUrl: string, cookie: string) {
  return TestSocket.connect(`${baseUrl.replace('http', 'ws')}/ws`, { cookie, origin: baseUrl });
}

export const newMsgId = () => crypto.randomUUID();
