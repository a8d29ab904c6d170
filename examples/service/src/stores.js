import knexFactory from 'knex';
import { MongoClient } from 'mongodb';

/** Audit events and exports live in MongoDB. */
export const mongo = new MongoClient(process.env.MONGODB_URL ?? 'mongodb://localhost:27017');
export const auditDb = mongo.db('audit');

/** Ledger balances go through knex, on the same Postgres as the orders. */
export const knex = knexFactory({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 10 },
});
