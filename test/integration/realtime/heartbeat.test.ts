import { expect } from 'chai';
import WebSocket from 'ws';
import { withServer } from '../../helpers/scene.js';
import { visitorSession } from '../../helpers/visitors.js';
import { waitFor } from '../../helpers/wait.js';

const HEARTBEAT_SECONDS = 1;
const MAX_FRAME_BYTES = 4096;

/** A raw visitor socket; with answersPings false it stays open but never answers a ping (a dead peer behind a NAT that forgot it). */
async function rawVisitor(baseUrl: string, widgetKey: string, answersPings: boolean) {
  const session = await visitorSession(baseUrl, widgetKey);
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(session.token)}`, { headers: { origin: 'https://example.test' }, autoPong: answersPings });
  const frames: any[] = [];
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.on('close', (code) => resolve({ code, at: Date.now() })));
  let pings = 0;
  ws.on('ping', () => pings++);
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, pings: () => pings };
}

/**
 * The transport's own guards, the same on every database: a socket that stops answering pings is
 * dropped within two heartbeats while a live one stays, and a frame over maxFrameBytes closes the
 * socket with 1009 instead of being read.
 */
describe('realtime transport: heartbeats and frame size', function () {
  this.timeout(20_000);
  const scene = withServer('sqlite', { chat: { heartbeatSeconds: HEARTBEAT_SECONDS, maxFrameBytes: MAX_FRAME_BYTES } });
  const open: WebSocket[] = [];
  after(() => open.forEach((ws) => ws.terminate()));

  it('drops a socket that stops answering pings within two heartbeats and keeps one that answers', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const dead = await rawVisitor(scene.server.baseUrl, client.widget_key, false);
    const live = await rawVisitor(scene.server.baseUrl, client.widget_key, true);
    open.push(dead.ws, live.ws);
    const openedAt = Date.now();
    const { at } = await Promise.race([dead.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the silent socket was never dropped')), 3 * HEARTBEAT_SECONDS * 1000 + 1000))]);
    expect(at - openedAt, 'dropped within two heartbeats').to.be.below(2 * HEARTBEAT_SECONDS * 1000 + 500);
    expect(dead.pings(), 'it was pinged first').to.be.at.least(1);
    // The live socket has been pinged too and is still served.
    await waitFor('a ping on the live socket', () => live.pings() >= 1, 2 * HEARTBEAT_SECONDS * 1000);
    expect(live.ws.readyState).to.equal(WebSocket.OPEN);
    live.ws.send('{not json');
    await waitFor('a bad_frame error', () => live.frames.some((f) => f.type === 'error' && f.error.code === 'bad_frame'));
  });

  it('closes a socket that sends a frame over maxFrameBytes with 1009, and the next connection is served', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const big = await rawVisitor(scene.server.baseUrl, client.widget_key, true);
    open.push(big.ws);
    big.ws.send(JSON.stringify({ type: 'message.send', ref: 'r1', chatId: 1, clientMsgId: 'big', body: 'x'.repeat(MAX_FRAME_BYTES) }));
    const { code } = await big.closed;
    expect(code).to.equal(1009);
    const next = await rawVisitor(scene.server.baseUrl, client.widget_key, true);
    open.push(next.ws);
    await waitFor('hello on the next socket', () => next.frames.some((f) => f.type === 'hello'));
  });
});
