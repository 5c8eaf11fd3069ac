import { expect } from 'chai';
import fs from 'node:fs';
import { renderProtocolReference } from '../../docs/generate/renderProtocolReference.js';
import { currentSources, referencePath } from '../../docs/generate/protocolSources.js';

describe('docs/protocol-reference.md', () => {
  it('is what `npm run docs:protocol` generates from lib/protocol now', () => {
    const committed = fs.readFileSync(referencePath, 'utf8');
    const generated = renderProtocolReference(currentSources());
    // Compared line by line so a failure shows where the doc and the code part.
    expect(committed.split('\n'), 'docs/protocol-reference.md is out of date: run `npm run docs:protocol` and commit it').to.deep.equal(generated.split('\n'));
  });

  it('lists every client frame, server frame, event, error code and close code', () => {
    const doc = renderProtocolReference(currentSources());
    for (const heading of ['### `sync`', '### `message.send`', '### `page.view`', '### `hello`', '### `resync`', '### `message.created`', '### `chat.invited`', '### SyncReply', '### Replies', '## HTTP bodies', '### SessionDTO', '### ChatContextDTO']) expect(doc).to.include(heading);
    expect(doc).to.match(/\| `more` \| `number\[\]` \|/);
    expect(doc).to.match(/\| `rate_limited` \|/);
    expect(doc).to.match(/\| `unavailable` \|/);
    expect(doc).to.match(/\| 4401 \| `accessRevoked` \|/);
    expect(doc).to.match(/\| `chat\.\{chatId\}` \|/);
    expect(doc).to.include('| `clientMsgId` | `string` | yes | 1–64 characters |');
  });

  describe('refuses sources that would make a wrong or empty reference', () => {
    const sources = currentSources();

    it('a frame, event or error code without a doc comment', () => {
      const frames = sources.frames.replace(/\s*\/\*\* Stop listening on a channel\.[^*]*\*\//, '');
      expect(() => renderProtocolReference({ ...sources, frames })).to.throw(/a member of ClientFrame has no doc comment \(\{ type: 'unsubscribe'/);
      const events = sources.events.replace(/\s*\/\*\* The chat ended\. \*\//, '');
      expect(() => renderProtocolReference({ ...sources, events })).to.throw(/lib\/protocol\/events\.ts: a member of LivechatEvent has no doc comment/);
    });

    it('a client frame the server does not validate, or validates with other fields', () => {
      const oneOf = sources.clientFrameSchema.oneOf;
      const withoutSync = { oneOf: oneOf.filter((s) => s.properties?.type?.const !== 'sync') };
      expect(() => renderProtocolReference({ ...sources, clientFrameSchema: withoutSync })).to.throw(/the client frame 'sync' has no schema in lib\/realtime\/frameSchema\.ts/);
      const send = oneOf.find((s) => s.properties?.type?.const === 'message.send')!;
      const optionalBody = { oneOf: oneOf.map((s) => (s === send ? { ...send, required: send.required!.filter((k) => k !== 'body') } : s)) };
      expect(() => renderProtocolReference({ ...sources, clientFrameSchema: optionalBody })).to.throw(/client frame 'message.send': lib\/protocol\/frames\.ts declares \{.*body,.*\} but lib\/realtime\/frameSchema\.ts validates \{.*body\?.*\}/);
      const extra = { oneOf: [...oneOf, { type: 'object', properties: { type: { const: 'teleport' } } }] };
      expect(() => renderProtocolReference({ ...sources, clientFrameSchema: extra })).to.throw(/accepts frames lib\/protocol\/frames\.ts does not declare: teleport/);
    });

    it('a frame with a ref but no declared reply, or a reply without a doc comment', () => {
      const frames = sources.frames.replace(/\s*\/\*\* Your status now\. \*\/\s*'status\.set': \{ status: AgentStatus \};/, '');
      expect(() => renderProtocolReference({ ...sources, frames })).to.throw(/FrameReplies answers \{.*\} but the frames with a ref are \{.*status\.set.*\}/);
      const undocumented = sources.frames.replace(/\/\*\* The channel you left\. \*\//, '');
      expect(() => renderProtocolReference({ ...sources, frames: undocumented })).to.throw(/the reply to 'unsubscribe' in FrameReplies has no doc comment/);
    });

    it('an HTTP body without a doc comment', () => {
      const http = sources.http.replace(/\/\*\* GET \/api\/visitors\/online\. \*\//, '');
      expect(() => renderProtocolReference({ ...sources, http })).to.throw(/lib\/protocol\/http\.ts: LiveVisitorListDTO has no doc comment/);
    });

    it('a source that is not TypeScript', () => {
      expect(() => renderProtocolReference({ ...sources, dto: 'export interface {' })).to.throw();
    });
  });
});
