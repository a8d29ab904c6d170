import { bullModels } from './bull.js';
import { genericPoolModels } from './generic-pool.js';
import { iteratorModels } from './iterators.js';
import { knexModels } from './knex.js';
import { mongodbModels } from './mongodb.js';
import { mongooseModels } from './mongoose.js';
import { mssqlModels } from './mssql.js';
import { mysqlModels, mysqlTransactionModels } from './mysql.js';
import { mysqlxModels } from './mysqlx.js';
import { oracledbModels } from './oracledb.js';
import { pgCursorModels, pgModels } from './pg.js';
import { pgCompatibleModels } from './pg-compatible.js';
import { poolModels } from './pools.js';
import { postgresModels } from './postgres.js';
import { prismaModels } from './prisma.js';
import { redisModels } from './redis.js';
import { sequelizeModels } from './sequelize.js';
import { sqlTransactionModels } from './sql-transaction.js';
import { typeormModels } from './typeorm.js';
import type { ResourceModel } from './types.js';

export type {
  AcquireSpec,
  ArgumentSpec,
  CallbackSpec,
  ComponentSpec,
  ExhaustionSpec,
  MethodPattern,
  ModelTypes,
  PackageTypeSpecifier,
  ReceiverRelease,
  ReceiverSpec,
  ResourceKind,
  ResourceModel,
} from './types.js';

/** Every built-in model. Adding a driver means adding a file here, not changing the analysis. */
export const builtinModels: readonly ResourceModel[] = [
  ...pgModels,
  ...pgCursorModels,
  ...pgCompatibleModels,
  ...mysqlModels,
  ...mysqlTransactionModels,
  ...mysqlxModels,
  ...sqlTransactionModels,
  ...genericPoolModels,
  ...typeormModels,
  ...mongodbModels,
  ...knexModels,
  ...sequelizeModels,
  ...oracledbModels,
  ...mssqlModels,
  ...postgresModels,
  ...redisModels,
  ...bullModels,
  ...prismaModels,
  ...mongooseModels,
  ...poolModels,
  ...iteratorModels,
];
