import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { eachAtOnce, runCli } from '../helpers/cli.js';
import { factories } from '../helpers/factories.js';
import { expectPdfHoldsFigures } from '../helpers/reportPdf.js';
import { reportFigures } from '../../lib/domain/reports/reportFigures.js';

/** `livechat report`: a period's chats to a file, days counted in the company's time zone, with progress. */
describeEachDialect('livechat report', (dialect) => {
  let install: Installed;
  const ids: Record<string, number> = {};
  before(async () => {
    install = await installFixture(dialect, { jobs: { timezone: 'Europe/Paris' } });
    const db = install.open();
    try {
      const f = factories(db);
      const a = await f.client({ name: 'Site A' });
      const b = await f.client({ name: 'Site B' });
      const chat = async (client: number, startedAt: string, name: string) => {
        const v = await f.visitor(client, { name });
        const c = await f.chat(client, v.id, { status: 'closed', started_at: new Date(startedAt) });
        await f.message(c.id, { body: `hello from ${name}` });
        return c.id;
      };
      // Paris is UTC+1 in November: 23:30 UTC on Oct 31 is already Nov 1 there.
      ids.early = await chat(a.id, '2026-10-31T23:30:00Z', 'Early Paris');
      ids.before = await chat(a.id, '2026-10-31T22:30:00Z', 'Still October');
      ids.middle = await chat(b.id, '2026-11-02T12:00:00Z', '=cmd|calc');
      ids.late = await chat(a.id, '2026-11-02T23:30:00Z', 'Already Nov 3');
      Object.assign(ids, { a: a.id, b: b.id });
    } finally {
      await db.close();
    }
  });
  after(() => install.cleanup());
  const cli = (...args: string[]) => runCli(args, { dataDir: install.dataDir });
  const out = (name: string) => path.join(install.dataDir, name);

  it('writes the period’s chats as CSV, its days in jobs.timezone, and says how far it got', async () => {
    const res = await cli('report', '--from', '2026-11-01', '--to', '2026-11-02', '--format', 'csv', '--out', out('nov.csv'), '--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.deep.include({ file: out('nov.csv'), chats: 2 });
    expect(res.stderr).to.match(/report: 2 of 2 chats \(100%\)/);
    const rows: Record<string, string>[] = parse(fs.readFileSync(out('nov.csv')), { columns: true, bom: true });
    expect(rows.map((r) => Number(r['Chat ID']))).to.deep.equal([ids.middle, ids.early]);
    expect(rows[0]['Visitor name']).to.equal("'=cmd|calc");
    const db = install.open();
    try {
      const [{ n }] = await db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM chats WHERE started_at >= ? AND started_at < ?', { replacements: [new Date('2026-10-31T23:00:00Z'), new Date('2026-11-02T23:00:00Z')], type: QueryTypes.SELECT });
      expect(rows).to.have.length(Number(n));
    } finally {
      await db.close();
    }
  });

  it('writes Excel for one website, with the messages', async () => {
    const res = await cli('report', '--from', '2026-10-01', '--to', '2026-11-30', '--website', String(ids.a), '--format', 'xlsx', '--messages', '--out', out('a.xlsx'));
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.include(`Report written: ${out('a.xlsx')} (3 chats)`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('a.xlsx'));
    const rows: unknown[][] = [];
    book.getWorksheet('Chats')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.slice(1).map((r) => [r[0], r[1]])).to.deep.equal([['chat', ids.late], ['message', ids.late], ['chat', ids.early], ['message', ids.early], ['chat', ids.before], ['message', ids.before]]);
  });

  it('writes the report figures and charts as a PDF, the same figures as the Analytics page', async () => {
    const res = await cli('report', '--from', '2026-11-01', '--to', '2026-11-02', '--website', String(ids.b), '--format', 'pdf', '--out', out('nov.pdf'), '--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.deep.include({ file: out('nov.pdf'), chats: 1 });
    const db = install.open();
    try {
      const figures = await reportFigures(db.models, null, 'Europe/Paris', { from: '2026-11-01', to: '2026-11-02', clientIds: [ids.b] }, null);
      const text = await expectPdfHoldsFigures(fs.readFileSync(out('nov.pdf')), figures, 'Site B');
      expect(text).to.not.include('Site A');
    } finally {
      await db.close();
    }
  });

  it('refuses a PDF without --out, before reading anything', async () => {
    const res = await cli('report', '--from', '2026-11-01', '--to', '2026-11-02', '--format', 'pdf');
    expect(res.code).to.equal(1);
    expect(res.stderr).to.match(/required option '-o, --out <file>' not specified/);
  });

  it('refuses bad options with one clear line and leaves no file', async function () {
    this.timeout(120_000); // eight CLI starts, four at a time
    const cases = [
      [['--from', '2026-11-31', '--to', '2026-12-01'], /--from "2026-11-31" is not a calendar day/],
      [['--from', 'yesterday', '--to', '2026-12-01'], /--from must be a day \(YYYY-MM-DD\) or an ISO date and time/],
      [['--from', '2026-12-02', '--to', '2026-12-01'], /--to \(2026-12-01\) must not be before --from/],
      [['--from', '2026-11-01', '--to', '2026-11-02', '--format', 'ods'], /--format must be csv, xlsx or pdf, not "ods"/],
      [['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02', '--format', 'pdf'], /With --format pdf, --from must be a day such as 2026-12-01/],
      [['--from', '2026-11-01', '--to', '2026-11-02', '--format', 'pdf', '--messages'], /--messages goes with csv or xlsx/],
      [['--from', '2026-11-01', '--to', '2026-11-02', '--format', 'pdf', '--website', '999'], /No website with id 999/],
      [['--from', '2026-11-01', '--to', '2026-11-02', '--website', '999'], /No website with id 999: `livechat client list` shows them/],
    ] as const;
    const results = await eachAtOnce(cases, ([args]) => cli('report', ...args, '--out', out('bad.csv')));
    cases.forEach(([args, message], i) => {
      expect(results[i].code, results[i].stderr).to.equal(1);
      expect(results[i].stderr, args.join(' ')).to.match(/^error: /).and.match(message);
      expect(results[i].stderr).to.not.match(/\n\s+at /);
    });
    expect(fs.existsSync(out('bad.csv'))).to.equal(false);
  });
});
