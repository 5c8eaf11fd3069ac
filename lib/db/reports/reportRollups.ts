import { QueryTypes, type Sequelize } from 'sequelize';

/** The additive counters behind a set of chats' figures: summed over chats, days and websites alike. */
export interface Sums {
  chats: number;
  missed: number;
  conversions: number;
  responseSeconds: number;
  responded: number;
  durationSeconds: number;
  ended: number;
  ratingSum: number;
  rated: number;
}

/** One row of report_rollups (migration 20261203171000-report-rollups): userId 0 is the website's own row. */
export interface RollupRow extends Sums {
  day: string;
  clientId: number;
  userId: number;
  messages: number;
  files: number;
  firstResponse: number[];
  hours: number[];
  /** Rated chats per star, 1 to 5 (website rows). */
  ratings: number[];
}

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
const dayText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Replaces a day's rollup rows and marks the day rolled up, in one transaction. */
export async function writeRollupDay(sequelize: Sequelize, day: string, rows: RollupRow[], at: Date): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM report_rollups WHERE day = ?', { replacements: [day], transaction });
    await sequelize.query('DELETE FROM report_rollup_days WHERE day = ?', { replacements: [day], transaction });
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await sequelize.query(
        `INSERT INTO report_rollups (day, client_id, user_id, chats, missed, conversions, response_seconds, responded, duration_seconds, ended, rating_sum, rated, messages, files, first_response, hours, ratings) VALUES ${chunk.map(() => `(${marks(17)})`).join(',')}`,
        {
          replacements: chunk.flatMap((r) => [day, r.clientId, r.userId, r.chats, r.missed, r.conversions, r.responseSeconds, r.responded, r.durationSeconds, r.ended, r.ratingSum, r.rated, r.messages, r.files, JSON.stringify(r.firstResponse), JSON.stringify(r.hours), JSON.stringify(r.ratings)]),
          transaction,
        },
      );
    }
    await sequelize.query('INSERT INTO report_rollup_days (day, rolled_up_at) VALUES (?, ?)', { replacements: [day, at], transaction });
  });
}

/** Which of the days [fromDay, toDay] are rolled up. */
export async function rolledUpDays(sequelize: Sequelize, fromDay: string, toDay: string): Promise<Set<string>> {
  const rows = await sequelize.query<Row>('SELECT day FROM report_rollup_days WHERE day >= ? AND day <= ?', { replacements: [fromDay, toDay], type: QueryTypes.SELECT });
  return new Set(rows.map((r) => dayText(r.day)));
}

/** The rollup rows of these days on the websites `clientIds` (null: all). */
export async function readRollups(sequelize: Sequelize, days: string[], clientIds: number[] | null): Promise<RollupRow[]> {
  if (days.length === 0 || clientIds?.length === 0) return [];
  const inClients = clientIds ? ` AND client_id IN (${marks(clientIds.length)})` : '';
  const rows = await sequelize.query<Row>(`SELECT * FROM report_rollups WHERE day IN (${marks(days.length)})${inClients}`, { replacements: [...days, ...(clientIds ?? [])], type: QueryTypes.SELECT });
  return rows.map((r) => ({
    day: dayText(r.day),
    clientId: Number(r.client_id),
    userId: Number(r.user_id),
    chats: Number(r.chats),
    missed: Number(r.missed),
    conversions: Number(r.conversions),
    responseSeconds: Number(r.response_seconds),
    responded: Number(r.responded),
    durationSeconds: Number(r.duration_seconds),
    ended: Number(r.ended),
    ratingSum: Number(r.rating_sum),
    rated: Number(r.rated),
    messages: Number(r.messages),
    files: Number(r.files),
    firstResponse: JSON.parse(String(r.first_response)) as number[],
    hours: JSON.parse(String(r.hours)) as number[],
    ratings: JSON.parse(String(r.ratings)) as number[],
  }));
}

/** Names of these websites and users, for rows read from rollups. */
export async function namesOf(sequelize: Sequelize, clientIds: number[], userIds: number[]): Promise<{ clients: Map<number, string>; users: Map<number, string> }> {
  const [clients, users] = await Promise.all([
    clientIds.length ? sequelize.query<Row>(`SELECT id, name FROM clients WHERE id IN (${marks(clientIds.length)})`, { replacements: clientIds, type: QueryTypes.SELECT }) : [],
    userIds.length ? sequelize.query<Row>(`SELECT id, pseudo_name FROM users WHERE id IN (${marks(userIds.length)})`, { replacements: userIds, type: QueryTypes.SELECT }) : [],
  ]);
  return { clients: new Map(clients.map((r) => [Number(r.id), String(r.name)])), users: new Map(users.map((r) => [Number(r.id), String(r.pseudo_name)])) };
}
