import Database from 'better-sqlite3';
import { allRows } from './rows';

describe('allRows', () => {
  it('gives the rows .all() gives, and leaves the shared statement answering objects', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (a TEXT NOT NULL, b REAL, c BLOB, d INTEGER);
      INSERT INTO t VALUES ('x', 1.5, x'00ff', NULL), ('y', NULL, NULL, 7), ('x', -2, NULL, 3);`);
    const statement = db.prepare('SELECT * FROM t WHERE a = ? ORDER BY d');
    const expected = statement.all('x');
    expect(allRows(statement, 'x')).toEqual(expected);
    expect(allRows(statement, 'x')).toEqual([
      { a: 'x', b: 1.5, c: Buffer.from([0, 255]), d: null },
      { a: 'x', b: -2, c: null, d: 3 },
    ]);
    expect(allRows(statement, 'none')).toEqual([]);
    expect(statement.get('y')).toEqual({ a: 'y', b: null, c: null, d: 7 });
    db.close();
  });
});
