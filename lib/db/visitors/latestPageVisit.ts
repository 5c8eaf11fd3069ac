import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * The id of the newest page visit of a visitor, over all their sessions (0: none). Ids only grow,
 * so "a page loaded since" is an id above one read before: no clock, no DATETIME rounding.
 */
export async function latestPageVisitId(sequelize: Sequelize, visitorId: number): Promise<number> {
  const [row] = await sequelize.query<{ id: number | string | null }>(
    'SELECT MAX(pv.id) AS id FROM visitor_page_visits pv JOIN visitor_sessions vs ON vs.id = pv.visitor_session_id WHERE vs.visitor_id = ?',
    { replacements: [visitorId], type: QueryTypes.SELECT },
  );
  return Number(row?.id ?? 0);
}
