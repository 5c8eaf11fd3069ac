import { expect } from 'chai';
import { accessChanging, askFresh } from '../../../lib/realtime/accessVersion.js';
import type { Connection } from '../../../lib/realtime/connection.js';

const conn = (): Connection => ({ id: 'c', identity: { kind: 'agent', userId: 1, role: 'agent' }, channels: new Set(), ip: null, send() {}, close() {} });

/** A frame's permission answer must not be one read before an access change that happened while it was asked. */
describe('askFresh: permission answers and access re-checks', () => {
  it('returns the answer when the access did not change meanwhile, asking once', async () => {
    const c = conn();
    let asked = 0;
    expect(await askFresh(c, async () => ++asked)).to.equal(1);
    expect(asked).to.equal(1);
  });

  it('asks again when the access guard started a re-check while the question was out', async () => {
    const c = conn();
    const answers = [true, false];
    let asked = 0;
    const answer = await askFresh(c, async () => {
      const a = answers[asked++];
      if (asked === 1) accessChanging(c); // the agent is unassigned while the first query runs
      return a;
    });
    expect(answer).to.equal(false);
    expect(asked).to.equal(2);
  });

  it('gives up after three changes in a row and returns the last answer (no endless loop)', async () => {
    const c = conn();
    let asked = 0;
    const answer = await askFresh(c, async () => {
      accessChanging(c);
      return ++asked;
    });
    expect(answer).to.equal(3);
  });

  it('keeps connections apart: another connection’s re-check does not make this one ask again', async () => {
    const [a, b] = [conn(), conn()];
    let asked = 0;
    await askFresh(a, async () => {
      accessChanging(b);
      return ++asked;
    });
    expect(asked).to.equal(1);
  });
});
