import { expect } from 'chai';
import { scheduledPeriod } from '../../../../lib/domain/reports/scheduledPeriod.js';

/** Which period a scheduled report sent at an instant covers, on the company's calendar. */
describe('scheduledPeriod', () => {
  it('weekly: on a Monday, the Monday to Sunday before; other days, none', () => {
    expect(scheduledPeriod(new Date('2026-11-09T07:00:00Z'), 'Europe/Paris', 'weekly')).to.deep.equal({ from: '2026-11-02', to: '2026-11-08' });
    expect(scheduledPeriod(new Date('2026-11-10T07:00:00Z'), 'Europe/Paris', 'weekly')).to.equal(null);
    // Sunday 23:30 UTC is already Monday in Paris, and still Sunday in New York.
    expect(scheduledPeriod(new Date('2026-11-08T23:30:00Z'), 'Europe/Paris', 'weekly')).to.deep.equal({ from: '2026-11-02', to: '2026-11-08' });
    expect(scheduledPeriod(new Date('2026-11-08T23:30:00Z'), 'America/New_York', 'weekly')).to.equal(null);
    // Across a month and a year's end.
    expect(scheduledPeriod(new Date('2027-01-04T09:00:00Z'), 'UTC', 'weekly')).to.deep.equal({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('monthly: on the 1st, the whole month before (January: December of the year before); other days, none', () => {
    expect(scheduledPeriod(new Date('2026-12-01T06:00:00Z'), 'Europe/Paris', 'monthly')).to.deep.equal({ from: '2026-11-01', to: '2026-11-30' });
    expect(scheduledPeriod(new Date('2027-01-01T06:00:00Z'), 'Europe/Paris', 'monthly')).to.deep.equal({ from: '2026-12-01', to: '2026-12-31' });
    expect(scheduledPeriod(new Date('2028-03-01T06:00:00Z'), 'UTC', 'monthly')).to.deep.equal({ from: '2028-02-01', to: '2028-02-29' });
    expect(scheduledPeriod(new Date('2026-12-02T06:00:00Z'), 'Europe/Paris', 'monthly')).to.equal(null);
  });
});
