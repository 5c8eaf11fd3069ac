import { expect } from 'chai';
import { backAt } from '../../../widget/app/backAt.js';

/** The process runs in the machine's zone: these build local times, so they hold in any zone. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('widget backAt: when a closed website is back, in the visitor locale', () => {
  const now = local(2026, 12, 3, 20, 15); // a Thursday evening
  it('says today, tomorrow, a weekday within the week, and a weekday with its date beyond', () => {
    expect(backAt(local(2026, 12, 3, 21, 0).toISOString(), now, 'en-GB')).to.equal('We are back today at 21:00.');
    expect(backAt(local(2026, 12, 4, 9, 0).toISOString(), now, 'en-GB')).to.equal('We are back tomorrow at 9:00.');
    expect(backAt(local(2026, 12, 7, 9, 0).toISOString(), now, 'en-GB')).to.equal('We are back on Monday at 9:00.');
    expect(backAt(local(2026, 12, 14, 9, 30).toISOString(), now, 'en-GB')).to.equal('We are back on Monday 14 December at 9:30.');
  });
  it("writes the time the locale's way", () => {
    expect(backAt(local(2026, 12, 7, 9, 0).toISOString(), now, 'en-US')).to.equal('We are back on Monday at 9:00 AM.');
  });
});
