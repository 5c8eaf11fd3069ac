import type { QueryInterface } from 'sequelize';

export interface Migration {
  name: string;
  /** `report` takes a progress line for a long step (indexing existing rows), shown under the migration's name. */
  up: (qi: QueryInterface, report?: (detail: string) => void) => Promise<void>;
  down: (qi: QueryInterface) => Promise<void>;
}
