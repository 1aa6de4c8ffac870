import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('reuses a statement per SQL text and drops the least recently used one past capacity', () => {
    const raw = new Database(':memory:');
    const prepared: string[] = [];
    const counting = {
      close: () => raw.close(),
      prepare: (sql: string) => {
        prepared.push(sql);
        return raw.prepare(sql);
      },
    };
    const db = withStatementCache(counting, 2);
    db.prepare('create table t (x)').run([]);
    const insert = db.prepare('insert into t values (?)');
    insert.run([1]);
    expect(db.prepare('insert into t values (?)')).toBe(insert);
    db.prepare('insert into t values (?)').run([2]);
    expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 2 }]);
    // Capacity 2: `create` was least recently used and went; `insert` stayed.
    db.prepare('insert into t values (?)');
    db.prepare('create table u (y)');
    expect(prepared).toEqual([
      'create table t (x)',
      'insert into t values (?)',
      'select count(*) as n from t',
      'create table u (y)',
    ]);
    db.close();
    expect(raw.open).toBe(false);
  });
});
