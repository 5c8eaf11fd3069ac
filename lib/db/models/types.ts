import type { Model, ModelStatic } from 'sequelize';

/**
 * A row type R as a Sequelize instance: attributes readable as properties, creation takes a partial
 * row. A: the associations an `include` can load, by their `as` (models/index.ts); optional, since
 * only a query that includes one has it.
 */
export type Instance<R extends object, A extends object = object> = Model<R, Partial<R>> & R & Partial<A>;
export type Static<R extends object, A extends object = object> = ModelStatic<Instance<R, A>>;
