// Owners the analysis declines are silent and say so on the debug channel: a field store
// another member of the class releases (an owner hand-over), and a class with a closing
// method whose fields show no fresh resource (no evidence that it owns one).

import { describe, expect, it } from 'vitest';
import { analyzeCode } from './helpers.js';

describe('owners left undecided', () => {
  it('a field store released by another member is a hand-over, recorded for the storing method', () => {
    const { reports, collector } = analyzeCode(`import { DataSource } from 'typeorm';
export class Session {
  constructor(ds) { this.ds = ds; }
  async open() {
    this.runner = this.ds.createQueryRunner();
    await this.runner.query('SET x');
    await this.runner.release();
  }
  async close() {
    await this.runner.release();
  }
}`);
    expect(reports.flatMap((report) => report.leaks)).toEqual([]);
    expect(collector.giveUps().map(({ fn, reason, detail }) => [fn.loc.start.line, reason, detail])).toEqual([
      [4, 'unsupported', 'field store left to its owner: another member of the class releases `this.runner`: an owner hand-over'],
    ]);
  });

  it('a field kept for one method and used by a helper method is tracked like a local', () => {
    const { reports, collector } = analyzeCode(`import { DataSource } from 'typeorm';
export class Builder {
  constructor(ds) { this.ds = ds; }
  async build() {
    this.runner = this.ds.createQueryRunner();
    await this.runner.query('SET x');
    try {
      await this.sync();
    } finally {
      await this.runner.release();
    }
  }
  async sync() {
    const runner = this.runner;
    await runner.query('x');
  }
}`);
    expect(reports.flatMap((report) => report.leaks.map((leak) => [report.site.name, leak.kind, leak.at.loc.start.line]))).toEqual([
      ['this.runner', 'throw', 6],
    ]);
    expect(collector.giveUps()).toEqual([]);
  });

  it('a class with a closing method but no fresh resource in a field is no owner, and the debug channel says so', () => {
    const { reports, collector } = analyzeCode(`class Buffer {
  items = [];
  close() { this.items.length = 0; }
}
export function fill() {
  const buffer = new Buffer();
  buffer.items.push(1);
}`);
    expect(reports).toEqual([]);
    expect(collector.giveUps().map(({ fn, reason, detail }) => [fn.loc.start.line, reason, detail])).toEqual([
      [5, 'unsupported', '`new Buffer()`: the class has a closing method, but no field it releases is seen to hold a fresh resource; not taken as a resource'],
    ]);
  });
});
