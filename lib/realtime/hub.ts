import { channels, type LivechatEvent } from '../protocol/events.js';
import type { Connection } from './connection.js';
import { deliveriesFor, forVisitor } from './fanout.js';

/** The text of `{type: 'event', channel, event}` (JSON.stringify's own output) around an event serialized already. */
const eventFrameText = (channel: string, eventJson: string) => `{"type":"event","channel":${JSON.stringify(channel)},"event":${eventJson}}`;

/** This node's connections and who listens on which channel. */
export function createHub() {
  const connections = new Map<string, Connection>();
  const byChannel = new Map<string, Set<Connection>>();

  const subscribe = (conn: Connection, channel: string) => {
    // A frame still in flight when its connection was closed (access revoked) subscribes nothing.
    if (connections.get(conn.id) !== conn) return;
    conn.channels.add(channel);
    let set = byChannel.get(channel);
    if (!set) byChannel.set(channel, (set = new Set()));
    set.add(conn);
  };
  const unsubscribe = (conn: Connection, channel: string) => {
    conn.channels.delete(channel);
    const set = byChannel.get(channel);
    set?.delete(conn);
    if (set && set.size === 0) byChannel.delete(channel);
  };

  return {
    connections,
    /** Every connection listens on its own personal channel: agent.{user} or visitor.{visitor}. */
    add(conn: Connection) {
      connections.set(conn.id, conn);
      subscribe(conn, conn.identity.kind === 'agent' ? channels.agent(conn.identity.userId) : channels.visitor(conn.identity.visitorId));
    },
    remove(conn: Connection) {
      for (const channel of [...conn.channels]) unsubscribe(conn, channel);
      connections.delete(conn.id);
    },
    subscribe,
    unsubscribe,
    /** Sends an event to every local subscriber allowed to see it, once per connection. */
    deliver(event: LivechatEvent) {
      // A proactive chat: the visitor's sockets follow it before its first message arrives.
      if (event.name === 'chat.invited') for (const conn of byChannel.get(channels.visitor(event.visitorId)) ?? []) subscribe(conn, channels.chat(event.chat.id));
      const sent = new Set<string>();
      let visitorCopy: LivechatEvent | null = null;
      // The event is serialized once (twice when visitors get a copy of their own), and each
      // channel's frame around it once, however many channels and sockets it goes to.
      let agentJson: string | null = null;
      let visitorJson: string | null = null;
      for (const { channel, agentsOnly } of deliveriesFor(event)) {
        const set = byChannel.get(channel);
        if (!set) continue;
        let agentText: string | null = null;
        let visitorText: string | null = null;
        for (const conn of set) {
          if (sent.has(conn.id)) continue;
          if (conn.identity.kind === 'visitor') {
            if (agentsOnly) continue;
            visitorCopy ??= forVisitor(event);
            // Mostly the visitors' copy is the event itself (a message): then so is its text.
            if (conn.sendText && visitorCopy === event) conn.sendText((agentText ??= eventFrameText(channel, (agentJson ??= JSON.stringify(event)))));
            else if (conn.sendText) conn.sendText((visitorText ??= eventFrameText(channel, (visitorJson ??= JSON.stringify(visitorCopy)))));
            else conn.send({ type: 'event', channel, event: visitorCopy });
          } else {
            if (conn.sendText) conn.sendText((agentText ??= eventFrameText(channel, (agentJson ??= JSON.stringify(event)))));
            else conn.send({ type: 'event', channel, event });
          }
          sent.add(conn.id);
        }
      }
    },
    subscriberCount(channel: string) {
      return byChannel.get(channel)?.size ?? 0;
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
