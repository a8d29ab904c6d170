import { genericPoolModels } from './generic-pool.js';
import { mongodbModels } from './mongodb.js';
import { mssqlModels } from './mssql.js';
import { mysqlModels } from './mysql.js';
import { oracledbModels } from './oracledb.js';
import { pgModels } from './pg.js';
import { typeormModels } from './typeorm.js';
import type { ResourceModel } from './types.js';

export type { AcquireSpec, CallbackSpec, ReceiverSpec, ResourceKind, ResourceModel } from './types.js';

/** Every built-in model. Adding a driver means adding a file here, not changing the analysis. */
export const builtinModels: readonly ResourceModel[] = [
  ...pgModels,
  ...mysqlModels,
  ...genericPoolModels,
  ...typeormModels,
  ...mongodbModels,
  ...oracledbModels,
  ...mssqlModels,
];
