import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { routeConsoleToLogger } from '../../lib/logger.js';

describe('routeConsoleToLogger', () => {
  it("turns a library's console lines (Sequelize's failed-commit warning) and Node's process warnings into JSON log lines at the matching level, and puts both back", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const before = console.warn;
    const warningListeners = process.listenerCount('warning');
    const restore = routeConsoleToLogger(logger);
    try {
      console.warn(`Committing transaction %s failed with error ${JSON.stringify('SQLITE_FULL: database or disk is full')}.`, 'abc');
      console.error('[ioredis] Unhandled error event:', new Error('connect ECONNREFUSED'));
      console.log('a plain line', { n: 1 });
      process.emitWarning('Buffer() is deprecated', 'DeprecationWarning');
      await new Promise((r) => setImmediate(r));
    } finally {
      restore();
    }
    expect(console.warn).to.equal(before);
    expect(process.listenerCount('warning')).to.equal(warningListeners);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => [p.level, p.source])).to.deep.equal([[40, 'console'], [50, 'console'], [30, 'console'], [40, 'process']]);
    expect(parsed[3]).to.include({ warning: 'DeprecationWarning', msg: 'Buffer() is deprecated' });
    expect(parsed[0].msg).to.equal('Committing transaction abc failed with error "SQLITE_FULL: database or disk is full".');
    expect(parsed[1].msg).to.match(/^\[ioredis\] Unhandled error event: Error: connect ECONNREFUSED/);
    expect(parsed[2].msg).to.equal('a plain line { n: 1 }');
  });
});
