import type { Model, ModelStatic } from 'sequelize';

/** A row type R as a Sequelize instance: attributes readable as properties, creation takes a partial row. */
export type Instance<R extends object> = Model<R, Partial<R>> & R;
export type Static<R extends object> = ModelStatic<Instance<R>>;
