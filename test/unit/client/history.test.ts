import { expect } from 'chai';
import { useHistory } from '../../../client/src/stores/history.js';
import { emptyFilters, filtersFromQuery, queryOf } from '../../../client/src/history/filters.js';
import { dayEnd, dayStart, fromDay, presetOf, presetRange, toDay } from '../../../client/src/history/dateRange.js';
import { heldFetch, signedInAs } from './fixtures.js';

const page = (ids: number[], next: string | null) => ({ chats: ids.map((id) => ({ id })), next });

describe('dashboard history: filters in the URL, date ranges, the list store', () => {
  beforeEach(() => signedInAs(7));

  it('turns a URL query into filters and back, lists comma-separated or repeated, blanks and junk ids dropped', () => {
    const f = filtersFromQuery({ status: ['closed', 'offline'], clientIds: '3,x,0,4', rating: '5,none', agent: 'mine', hasFiles: 'true', q: ' ship ', lead: '' });
    expect(f).to.deep.include({ status: ['closed', 'offline'], clientIds: [3, 4], rating: ['5', 'none'], agent: 'mine', hasFiles: 'true', lead: [] });
    expect(queryOf(f)).to.deep.equal({ status: 'closed,offline', clientIds: '3,4', agent: 'mine', rating: '5,none', hasFiles: 'true', q: 'ship' });
    expect(queryOf(emptyFilters())).to.deep.equal({});
    // One letter does not search yet: the API wants two.
    expect(queryOf({ ...emptyFilters(), q: 's' })).to.deep.equal({});
  });

  it('makes presets of local days ending at midnight, and recognises them back', () => {
    const now = new Date(2026, 11, 3, 15, 30);
    expect(presetRange('today', now)).to.deep.equal({ from: new Date(2026, 11, 3).toISOString(), to: new Date(2026, 11, 4).toISOString() });
    expect(presetRange('yesterday', now)).to.deep.equal({ from: new Date(2026, 11, 2).toISOString(), to: new Date(2026, 11, 3).toISOString() });
    expect(presetRange('7', now).from).to.equal(new Date(2026, 10, 27).toISOString());
    const week = presetRange('7', now);
    expect(presetOf(week.from, week.to, now)).to.equal('7');
    expect(presetOf('', '', now)).to.equal('');
    expect(presetOf(dayStart('2026-10-11'), dayEnd('2026-10-13'), now)).to.equal('custom');
    expect([fromDay(dayStart('2026-10-11')), toDay(dayEnd('2026-10-13'))]).to.deep.equal(['2026-10-11', '2026-10-13']);
  });

  it('drops a slow answer to filters changed since, and appends the next page after the last', async () => {
    const net = heldFetch();
    try {
      const history = useHistory();
      const first = history.reload();
      history.setFilters({ ...emptyFilters(), status: ['closed'] });
      const second = history.reload();
      expect(net.waiting.map((w) => w.path)).to.deep.equal(['/api/history?limit=50', '/api/history?status=closed&limit=50']);
      net.waiting[1]!.answer(page([3, 2], 'c2'));
      await second;
      net.waiting[0]!.answer(page([9, 8, 7], null));
      await first;
      expect(history.chats.map((c) => c.id)).to.deep.equal([3, 2]);
      const more = history.loadMore();
      expect(net.waiting[2]!.path).to.equal('/api/history?status=closed&limit=50&cursor=c2');
      net.waiting[2]!.answer(page([1], null));
      await more;
      expect(history.chats.map((c) => c.id)).to.deep.equal([3, 2, 1]);
      expect(history.next).to.equal(null);
      await history.loadMore();
      expect(net.waiting).to.have.length(3);
    } finally {
      net.restore();
    }
  });
});
