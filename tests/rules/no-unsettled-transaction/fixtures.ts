// Shared by the no-unsettled-transaction test files, split by construct. Each case is a
// small module whose driver import and pool (or client) come from these headers.

import { RuleTester } from '@typescript-eslint/rule-tester';

export const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
export const MYSQL = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});`;
export const KNEX = `import knex from 'knex';
const db = knex({ client: 'pg' });`;
export const SEQUELIZE = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');`;
export const TYPEORM = `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });`;
export const MONGO = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');`;

/** Syntax-only: no parser services, no type information. */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});
