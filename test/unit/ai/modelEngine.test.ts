import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createModelEngine, maskPersonalData, type ModelCallLog } from '../../../lib/ai/modelEngine.js';
import { createLocalEngine, type LocalEngine } from '../../../lib/ai/localEngine.js';

type Script = (req: { auth: string | undefined; body: any }, res: http.ServerResponse) => void;

/** A real local server speaking chat-completions, answering as the test scripts it. */
describe('model engine (OpenAI-compatible) with the local engine as fallback', () => {
  let server: http.Server;
  let baseUrl: string;
  let script: Script;
  let local: LocalEngine;
  const seen: { auth: string | undefined; body: any }[] = [];

  before(async () => {
    local = await createLocalEngine();
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return void res.writeHead(404).end();
        const call = { auth: req.headers.authorization, body: JSON.parse(raw) };
        seen.push(call);
        script(call, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const reply = (res: http.ServerResponse, content: string, status = 200) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }], usage: { total_tokens: 42 } }));
  const engine = (logs: ModelCallLog[], timeoutMs = 2000) => createModelEngine({ baseUrl, model: 'tiny', apiKey: 'sk-test', timeoutMs }, local, (l) => logs.push(l));

  it('takes the model\'s verdict, sends the key and the model, masks personal data, and logs tokens and latency', async () => {
    script = (_call, res) => reply(res, '```json\n{"language":"fr","sentiment":-0.7,"intent":"complaint","wantsHuman":false}\n```');
    const logs: ModelCallLog[] = [];
    const a = await engine(logs).analyze('Mon colis est cassé, écrivez-moi à jean.dupont@example.fr ou au +33 6 12 34 56 78, carte 4111 1111 1111 1111');
    expect(a).to.deep.equal({ language: 'fr', sentiment: -0.7, polarity: 'negative', intent: 'complaint', intentScore: 1, wantsHuman: false });
    const call = seen.at(-1)!;
    expect(call.auth).to.equal('Bearer sk-test');
    expect(call.body.model).to.equal('tiny');
    const sent = call.body.messages.at(-1).content as string;
    expect(sent).to.equal('Mon colis est cassé, écrivez-moi à [email] ou au [phone], carte [card]');
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ ok: true, tokens: 42 });
  });

  it('falls back to the local engine on a 500, on a malformed reply and on an unknown intent it cannot use', async () => {
    const logs: ModelCallLog[] = [];
    script = (_call, res) => res.writeHead(500).end('boom');
    expect(await engine(logs).analyze('I want to talk to a human')).to.include({ wantsHuman: true, intent: 'human' });
    expect(logs.at(-1)).to.include({ ok: false, fallback: 'HTTP 500' });
    script = (_call, res) => reply(res, 'Sure! The visitor seems upset.');
    expect(await engine(logs).analyze('gracias, muy amable')).to.include({ language: 'es', intent: 'thanks' });
    expect(logs.at(-1)!.ok).to.equal(false);
    script = (_call, res) => reply(res, '{"language":"en","sentiment":3,"intent":"x","wantsHuman":"yes"}');
    expect((await engine(logs).analyze('where is my order')).intent).to.equal('order_status');
    expect(logs.at(-1)!.ok).to.equal(false);
  });

  it('does not wait past its timeout for a model that does not answer', async () => {
    script = () => {}; // never answers
    const logs: ModelCallLog[] = [];
    const started = Date.now();
    const a = await engine(logs, 150).analyze('hello');
    expect(Date.now() - started).to.be.below(2000);
    expect(a.intent).to.equal('greeting');
    expect(logs[0]).to.include({ ok: false, fallback: 'no answer within 150 ms' });
  });

  it('masks e-mails, card and phone numbers and leaves order numbers of a few digits alone', () => {
    expect(maskPersonalData('order 5521 for a.b@c.io, 06 12 34 56 78')).to.equal('order 5521 for [email], [phone]');
  });
});
