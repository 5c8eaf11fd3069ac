import { expect } from 'chai';
import { createHook } from 'node:async_hooks';
import { DatabaseTimeoutError, withDeadline } from '../../../lib/db/deadline.js';
import { deadline } from '../../../lib/deadline.js';
import { waitFor } from '../../helpers/wait.js';

/** A connection as withDeadline sees it: it only needs to be destroyable. */
const connection = () => ({
  destroyed: false,
  destroy() {
    this.destroyed = true;
  },
});

/** How many Node timers `fn` creates (ref'd or not). */
function timersCreatedBy(fn: () => void): number {
  let created = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'Timeout' && created++) }).enable();
  try {
    fn();
  } finally {
    hook.disable();
  }
  return created;
}

/** The bound on every database round trip: answered in time, or a timeout and the connection dropped; never both. */
describe('database statement deadlines', () => {
  it('passes an answer that comes in time through, once, and the bound never fires afterwards', async () => {
    const conn = connection();
    const answers: unknown[][] = [];
    const cb = withDeadline(conn, 30, (err, ...rest) => void answers.push([err, ...rest]));
    cb(null, 'rows');
    cb(null, 'again'); // a second call (a driver bug) is dropped
    // The bound's time passes: nothing more is heard, and the connection stays.
    let passed = false;
    deadline(30, () => (passed = true));
    await waitFor('a later bound of the same length to expire', () => passed);
    expect(answers).to.deep.equal([[null, 'rows']]);
    expect(conn.destroyed).to.equal(false);
  });

  it('answers a statement that does not come back with DatabaseTimeoutError, destroys its connection and drops the late answer', async () => {
    const conn = connection();
    const answers: unknown[][] = [];
    const cb = withDeadline(conn, 20, (err, ...rest) => void answers.push([err, ...rest]));
    await waitFor('the timeout', () => answers.length === 1);
    expect(answers[0][0]).to.be.instanceOf(DatabaseTimeoutError);
    expect((answers[0][0] as Error).message).to.equal('a database statement did not answer within 20 ms');
    expect(conn.destroyed).to.equal(true);
    cb(null, 'late rows');
    expect(answers).to.have.length(1);
  });

  it('bounds many statements at once with one timer, and each still expires on its own', async () => {
    const conns = Array.from({ length: 100 }, connection);
    const answered: (Error | null)[] = [];
    let callbacks: ((err: Error | null) => void)[] = [];
    // setTimeout per statement made 100 timers here.
    const timers = timersCreatedBy(() => {
      callbacks = conns.map((c, i) => withDeadline(c, 25, (err) => void (answered[i] = err)));
    });
    expect(timers).to.be.at.most(1);
    // Every other statement answers in time; the rest time out.
    callbacks.forEach((cb, i) => i % 2 === 0 && cb(null));
    await waitFor('the unanswered ones to time out', () => answered.filter((a) => a instanceof DatabaseTimeoutError).length === 50);
    expect(answered.filter((a) => a === null)).to.have.length(50);
    expect(conns.filter((c) => c.destroyed).map((c) => conns.indexOf(c) % 2)).to.deep.equal(Array(50).fill(1));
  });

  it('keeps bounds of different lengths apart: a short one expires before a long one started earlier', async () => {
    const order: string[] = [];
    deadline(60, () => order.push('long'));
    const cleared = deadline(10, () => order.push('cleared'));
    deadline(15, () => order.push('short'));
    expect(cleared.clear()).to.equal(true);
    await waitFor('both to expire', () => order.length === 2);
    expect(order).to.deep.equal(['short', 'long']);
    expect(cleared.clear()).to.equal(false);
  });
});
