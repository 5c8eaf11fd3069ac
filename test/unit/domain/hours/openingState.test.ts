import { expect } from 'chai';
import { openingState } from '../../../../lib/domain/hours/openingState.js';
import { businessHoursInput } from '../../../../lib/domain/hours/businessHoursInput.js';
import type { BusinessHours } from '../../../../lib/protocol/http.js';
import { ipInRanges } from '../../../../lib/domain/blocks/ipRange.js';

const nine2five = [{ from: '09:00', to: '17:00' }];
const hours = (over: Partial<BusinessHours> = {}): BusinessHours => ({
  enabled: true,
  timezone: 'Europe/Berlin',
  weekly: { mon: nine2five, tue: nine2five, wed: [{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:00' }], thu: nine2five, fri: nine2five, sat: [], sun: [] },
  closedDates: [],
  outside: 'offline_form',
  awayText: 'We are away.',
  ...over,
});
const state = (h: BusinessHours | null, iso: string) => {
  const s = openingState({ business_hours: h }, new Date(iso));
  return { open: s.open, nextOpenAt: s.nextOpenAt?.toISOString() ?? null };
};

describe('openingState: business hours in the website time zone', () => {
  it('is always open without hours, or with hours switched off', () => {
    expect(state(null, '2026-03-29T03:00:00Z')).to.deep.equal({ open: true, nextOpenAt: null });
    expect(state(hours({ enabled: false }), '2026-03-29T03:00:00Z')).to.deep.equal({ open: true, nextOpenAt: null });
  });

  it('is open inside a range, closed at its end, and opens at the next range of the same day', () => {
    // Wednesday 2026-01-07, Berlin is UTC+1: 09:00–12:00 and 14:00–18:00 local.
    expect(state(hours(), '2026-01-07T08:00:00Z')).to.deep.equal({ open: true, nextOpenAt: null });
    expect(state(hours(), '2026-01-07T11:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-01-07T13:00:00.000Z' });
    expect(state(hours(), '2026-01-07T07:59:59Z')).to.deep.equal({ open: false, nextOpenAt: '2026-01-07T08:00:00.000Z' });
    // Friday evening: next is Monday 9:00.
    expect(state(hours(), '2026-01-09T17:30:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-01-12T08:00:00.000Z' });
  });

  it('skips closed days (holidays) in the website zone', () => {
    const h = hours({ closedDates: ['2026-12-24', '2026-12-25'] });
    // Thursday 24th at 10:00 Berlin: closed; Friday 25th closed too; next is Monday 28th.
    expect(state(h, '2026-12-24T09:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-12-28T08:00:00.000Z' });
    expect(state(h, '2026-12-23T09:00:00Z').open).to.equal(true);
  });

  it('keeps 9:00 local across the spring and autumn DST changes in Europe/Berlin', () => {
    // Clocks go forward on Sunday 2026-03-29: Friday 9:00 is 08:00Z, Monday 9:00 is 07:00Z.
    expect(state(hours(), '2026-03-27T17:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-03-30T07:00:00.000Z' });
    expect(state(hours(), '2026-03-30T07:00:00Z').open).to.equal(true);
    expect(state(hours(), '2026-03-30T06:59:00Z').open).to.equal(false);
    // Back on Sunday 2026-10-25: Monday 9:00 is 08:00Z again.
    expect(state(hours(), '2026-10-23T16:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-10-26T08:00:00.000Z' });
  });

  it('keeps 9:00 local across the DST changes in America/New_York, and handles the skipped and repeated hours', () => {
    const ny = hours({ timezone: 'America/New_York' });
    // Forward on Sunday 2026-03-08: Friday 9:00 EST is 14:00Z, Monday 9:00 EDT is 13:00Z.
    expect(state(ny, '2026-03-06T23:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-03-09T13:00:00.000Z' });
    // Back on Sunday 2026-11-01: Monday 9:00 EST is 14:00Z.
    expect(state(ny, '2026-10-30T22:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-11-02T14:00:00.000Z' });
    // A Sunday range starting in the skipped hour (2:30 does not exist on 2026-03-08) opens the skipped
    // hour later, at 3:30 EDT (07:30Z), as a clock that was not moved would show 2:30.
    const night = hours({ timezone: 'America/New_York', weekly: { ...ny.weekly, sun: [{ from: '02:30', to: '05:00' }] } });
    expect(state(night, '2026-03-08T05:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-03-08T07:30:00.000Z' });
    expect(state(night, '2026-03-08T08:59:00Z').open).to.equal(true);
    expect(state(night, '2026-03-08T09:00:00Z').open).to.equal(false);
  });

  it('runs a day until midnight with 24:00, and says no next opening for a schedule without any range', () => {
    const late = hours({ weekly: { ...hours().weekly, sat: [{ from: '20:00', to: '24:00' }] } });
    expect(state(late, '2026-01-10T22:59:00Z').open).to.equal(true);
    expect(state(late, '2026-01-10T23:00:00Z')).to.deep.equal({ open: false, nextOpenAt: '2026-01-12T08:00:00.000Z' });
    const never = hours({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(state(never, '2026-01-10T10:00:00Z')).to.deep.equal({ open: false, nextOpenAt: null });
  });

  it('refuses a bad schedule with a clear reason', () => {
    const problems = (over: Record<string, unknown>) => {
      const r = businessHoursInput.safeParse({ ...hours(), ...over });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({})).to.deep.equal([]);
    expect(problems({ timezone: 'Mars/Olympus' })[0]).to.contain('IANA time zone');
    expect(problems({ weekly: { ...hours().weekly, mon: [{ from: '17:00', to: '09:00' }] } })[0]).to.contain('end after it starts');
    expect(problems({ weekly: { ...hours().weekly, mon: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '15:00' }] } })[0]).to.contain('overlap');
    expect(problems({ weekly: { ...hours().weekly, mon: [{ from: '9:00', to: '25:00' }] } })[0]).to.contain('time like 09:00');
    expect(problems({ closedDates: ['25.12.2026'] })[0]).to.contain('date like');
  });
});

describe('ipInRanges: blocked address ranges', () => {
  it('matches one address, an IPv4 CIDR (also as an IPv4-mapped IPv6 address) and an IPv6 range', () => {
    expect(ipInRanges('203.0.113.45', ['203.0.113.0/24'])).to.equal(true);
    expect(ipInRanges('::ffff:203.0.113.45', ['203.0.113.0/24'])).to.equal(true);
    expect(ipInRanges('203.0.114.1', ['203.0.113.0/24'])).to.equal(false);
    expect(ipInRanges('198.51.100.7', ['198.51.100.7'])).to.equal(true);
    expect(ipInRanges('2001:db8::1', ['2001:db8::/32'])).to.equal(true);
    expect(ipInRanges(null, ['0.0.0.0/0'])).to.equal(false);
  });
});
