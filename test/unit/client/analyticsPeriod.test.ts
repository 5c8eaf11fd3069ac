import { expect } from 'chai';
import { groupDays, historyLink, hourInstants, periodInstants, presetPeriod, previousPeriod, daysOnWeekday } from '../../../client/src/components/analytics/period.js';
import { change } from '../../../client/src/components/analytics/format.js';

/** The Analytics page's periods: the company's days, the previous period, the History page's address. */
describe('analytics periods (dashboard)', () => {
  // 2026-12-03 23:30 UTC is already Dec 4 in Paris (UTC+1) and still Dec 3 in New York.
  const now = new Date('2026-12-03T23:30:00Z');

  it("counts presets from the company's today, not the browser's", () => {
    expect(presetPeriod('today', 'Europe/Paris', now)).to.deep.equal({ from: '2026-12-04', to: '2026-12-04' });
    expect(presetPeriod('today', 'America/New_York', now)).to.deep.equal({ from: '2026-12-03', to: '2026-12-03' });
    expect(presetPeriod('yesterday', 'Europe/Paris', now)).to.deep.equal({ from: '2026-12-03', to: '2026-12-03' });
    expect(presetPeriod('7', 'Europe/Paris', now)).to.deep.equal({ from: '2026-11-28', to: '2026-12-04' });
    expect(presetPeriod('90', 'Europe/Paris', now)).to.deep.equal({ from: '2026-09-06', to: '2026-12-04' });
  });

  it('compares with the period of the same length just before, across a month', () => {
    expect(previousPeriod({ from: '2026-12-01', to: '2026-12-07' })).to.deep.equal({ from: '2026-11-24', to: '2026-11-30' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).to.deep.equal({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('gives the instants of days and hours on the company clock, DST included', () => {
    expect(periodInstants({ from: '2026-11-01', to: '2026-11-02' }, 'Europe/Paris')).to.deep.equal({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-02T23:00:00.000Z' });
    // Oct 25 2026 in Paris has 25 hours: 03:00 comes two hours after 01:00.
    expect(hourInstants('2026-10-25', 3, 'Europe/Paris')).to.deep.equal({ from: '2026-10-25T02:00:00.000Z', to: '2026-10-25T03:00:00.000Z' });
    expect(hourInstants('2026-12-04', 23, 'Europe/Paris')).to.deep.equal({ from: '2026-12-04T22:00:00.000Z', to: '2026-12-04T23:00:00.000Z' });
    expect(daysOnWeekday({ from: '2026-11-30', to: '2026-12-13' }, 0)).to.deep.equal(['2026-11-30', '2026-12-07']);
  });

  it('groups days by week (from Monday) and by month', () => {
    const days = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-07'].map((day, i) => ({ day, chats: i + 1, missed: i === 1 ? 1 : 0 }));
    expect(groupDays(days, 'week').map((g) => [g.from, g.to, g.chats, g.missed])).to.deep.equal([['2026-11-29', '2026-11-29', 1, 0], ['2026-11-30', '2026-12-01', 5, 1], ['2026-12-07', '2026-12-07', 4, 0]]);
    expect(groupDays(days, 'month').map((g) => [g.from, g.to, g.chats])).to.deep.equal([['2026-11-29', '2026-11-30', 3], ['2026-12-01', '2026-12-07', 7]]);
  });

  it("writes the History page's address with its own query names, and each figure's change", () => {
    expect(historyLink({ clientIds: [3, 4], agent: null, rating: 5, from: '2026-11-01T00:00:00.000Z' })).to.equal('/history?clientIds=3%2C4&rating=5&from=2026-11-01T00%3A00%3A00.000Z');
    expect(historyLink({ clientIds: [] })).to.equal('/history?');
    expect([change(3, 1), change(1, 2), change(1, 0), change(2, 2), change(null, 2)]).to.deep.equal(['+200%', '−50%', 'new', '=', null]);
  });
});
