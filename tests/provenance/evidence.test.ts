import { describe, expect, it } from 'vitest';
import { takeDebugRecords } from '../../src/debug.js';
import { mysqlModels } from '../../src/models/mysql.js';
import { pgModels } from '../../src/models/pg.js';
import { judgeCode } from './helpers.js';

/** The one verdict in `code` (one acquiring call). */
function judgeOne(code: string, ...rest: Parameters<typeof judgeCode> extends [string, ...infer R] ? R : never): unknown {
  const verdicts = [...judgeCode(code, ...rest).values()];
  expect(verdicts).toHaveLength(1);
  return verdicts[0];
}

describe('evidence from provenance, strongest first', () => {
  it('takes a driver constructor on any path as strong evidence', () => {
    expect(judgeOne(`import { Pool } from 'pg';
export function f(cond: boolean, ctx: { pool: unknown }) {
  const pool = cond ? new Pool() : ctx.pool;
  return pool.connect();
}`)).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });

  it('takes a factory of the model as strong evidence, through .promise()', () => {
    expect(judgeOne(`import mysql from 'mysql2';
const conn = mysql.createPool({}).promise();
export const get = () => conn.getConnection();`, mysqlModels[0], 'getConnection')).toEqual({ evidence: 'strong', because: 'createPool() from mysql2' });
  });

  it('keeps a name as weak evidence even where another path makes something else', () => {
    expect(judgeOne(`export function f(ctx: { pool: unknown }) {
  const handle = ctx.pool ?? new Map();
  return handle.connect();
}`)).toEqual({ evidence: 'weak', because: 'name pool' });
  });

  it('says none only when every path makes something else', () => {
    expect(judgeOne(`export function f(cond: boolean) {
  const pool = cond ? new Map() : new Set();
  return pool.connect();
}`)).toEqual({ evidence: 'not', because: 'new Map()' });
    // One path unknown: no opinion, the name decides as before.
    expect(judgeOne(`import { makeThing } from 'things';
export function f(cond: boolean) {
  const pool = cond ? new Map() : makeThing();
  return pool.connect();
}`)).toBeNull();
  });

  it('says none of sockets, HTTP clients and collections, also as superclasses', () => {
    const verdicts = judgeCode(`import net from 'node:net';
import axios from 'axios';
class Registry extends Map<string, unknown> {}
export class Service {
  private readonly client = net.createConnection({ port: 5432 });
  private readonly http = axios.create();
  private readonly pool = new Registry();
  async run() {
    await this.client.connect();
    await this.http.connect();
    await this.pool.connect();
  }
}`);
    expect(verdicts.get('this.client')).toEqual({ evidence: 'not', because: 'createConnection() from node:net' });
    expect(verdicts.get('this.http')).toEqual({ evidence: 'not', because: 'create() from axios' });
    expect(verdicts.get('this.pool')).toEqual({ evidence: 'not', because: 'a class extending Map' });
  });

  it('has no opinion on a name that is not the model’s', () => {
    expect(judgeOne(`export function f(ctx: { db: unknown }) {
  const handle = ctx.db;
  return handle.connect();
}`)).toBeNull();
  });

  it('ignores a field set to null until init() sets it', () => {
    expect(judgeOne(`import { Pool } from 'pg';
export class Store {
  constructor() {
    this.primary = null;
  }
  init() {
    this.primary = new Pool();
  }
  run() {
    return this.primary.connect();
  }
}`)).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });
});

describe('declared types', () => {
  it('decides by the type of a parameter, a field or a variable', () => {
    const verdicts = judgeCode(`import type { Pool } from 'pg';
import type * as pg from 'pg';
import type { Socket } from 'node:net';
export class Repo {
  private readonly replica: pg.Pool;
  constructor(readonly primary: Pool, replica: pg.Pool, private readonly sockets: Map<string, Socket>, private readonly socket: Socket) {
    this.replica = replica;
  }
  run(db: Pool | null) {
    let handle: Readonly<Pool>;
    handle = this.make();
    return [this.primary.connect(), this.replica.connect(), db.connect(), handle.connect(), this.sockets.connect(), this.socket.connect()];
  }
}`);
    expect(verdicts.get('this.primary')).toEqual({ evidence: 'strong', because: 'type Pool from pg' });
    expect(verdicts.get('this.replica')).toEqual({ evidence: 'strong', because: 'type Pool from pg' });
    expect(verdicts.get('db')).toEqual({ evidence: 'strong', because: 'type Pool from pg' });
    expect(verdicts.get('handle')).toEqual({ evidence: 'strong', because: 'type Pool from pg' });
    expect(verdicts.get('this.sockets')).toEqual({ evidence: 'not', because: 'type Map' });
    expect(verdicts.get('this.socket')).toEqual({ evidence: 'not', because: 'type Socket from node:net' });
  });

  it('knows the receiver types of the type-aware mode, from a package’s subpath too', () => {
    expect(judgeOne(`import type { Pool } from 'mysql2/promise';
export const get = (db: Pool) => db.getConnection();`, mysqlModels[0], 'getConnection')).toEqual({ evidence: 'strong', because: 'type Pool from mysql2/promise' });
  });

  it('follows project interfaces, aliases and classes that extend the driver’s types', () => {
    const verdicts = judgeCode(`import { Pool } from 'pg';
interface AuditedPool extends Pool { audit(): void }
type MaybePool = AuditedPool | undefined;
class AppPool extends Pool {}
export function run(a: AuditedPool, b: MaybePool, c: AppPool) {
  return [a.connect(), b.connect(), c.connect()];
}`);
    for (const receiver of ['a', 'b', 'c']) {
      expect(verdicts.get(receiver)).toEqual({ evidence: 'strong', because: 'type Pool from pg' });
    }
  });

  it('does not take another model’s type: a pg Pool is no receiver of stand-alone clients', () => {
    const code = `import type { Pool, Client } from 'pg';
export function run(pool: Pool, client: Client) {
  return [pool.connect(), client.connect()];
}`;
    const clientModel = pgModels[1];
    const verdicts = judgeCode(code, clientModel);
    expect(verdicts.get('pool')).toBeNull();
    expect(verdicts.get('client')).toEqual({ evidence: 'strong', because: 'type Client from pg' });
  });
});

describe('bounds', () => {
  it('stops a long chain of aliases, stays silent and says so on the debug channel', () => {
    takeDebugRecords();
    let code = `import { Pool } from 'pg';\nconst a0 = new Pool();\n`;
    for (let index = 1; index <= 40; index += 1) {
      code += `const a${String(index)} = a${String(index - 1)};\n`;
    }
    code += 'export const run = () => a40.connect();\n';
    expect(judgeOne(code)).toBeNull();
    const records = takeDebugRecords();
    expect(records).toEqual([expect.objectContaining({ reason: 'budget', name: 'the provenance of a receiver', line: 43 })]);
  });

  it('ends cycles between fields and between superclasses', () => {
    expect(judgeOne(`export class A extends B {}
export class B extends A {
  constructor() {
    super();
    this.pool = this.other;
    this.other = this.pool;
  }
  run() {
    return this.pool.connect();
  }
}`)).toEqual({ evidence: 'weak', because: 'name pool' });
  });
});
