import { describe, expect, it } from 'vitest';
import { absoluteFileLiterals } from './sql-paths.js';

const dir = '/pipes/p';
const files = ['/pipes/p/prices.csv', '/pipes/p/data/r.parquet', "/pipes/p/it's.csv"];
const rewrite = (query: string): string => absoluteFileLiterals(query, dir, files);

describe('absoluteFileLiterals', () => {
  it('makes literals naming a listed file absolute, however spelled', () => {
    expect(rewrite("SELECT * FROM read_csv('prices.csv') JOIN 'data/r.parquet' USING (d)"))
      .toBe("SELECT * FROM read_csv('/pipes/p/prices.csv') JOIN '/pipes/p/data/r.parquet' USING (d)");
    expect(rewrite("FROM read_csv(['./prices.csv', '/pipes/p/data/../prices.csv'])")).toBe("FROM read_csv(['/pipes/p/prices.csv', '/pipes/p/prices.csv'])");
    expect(rewrite("FROM 'it''s.csv'")).toBe("FROM '/pipes/p/it''s.csv'");
  });

  it('leaves every other literal, comments, identifiers, E-strings and $$-strings alone', () => {
    const untouched = [
      "SELECT 'MSFT', 'other.csv', '' FROM read_csv('data/*.csv')",
      "SELECT 1 -- read_csv('prices.csv')\n",
      "SELECT 1 /* 'prices.csv' */",
      'SELECT "prices.csv" FROM t',
      "SELECT E'prices.csv', e'it\\'s.csv'",
      "SELECT $$prices.csv$$, $q$prices.csv$q$",
      "SELECT 'unterminated prices.csv",
    ];
    for (const q of untouched) expect(rewrite(q), q).toBe(q);
    // After a comment or an identifier the scan resumes: the next literal is still seen.
    expect(rewrite("SELECT \"a'b\" /* x */ FROM 'prices.csv'")).toBe("SELECT \"a'b\" /* x */ FROM '/pipes/p/prices.csv'");
    expect(rewrite("FROM read_csv('prices.csv', delim=',', header=true)")).toBe("FROM read_csv('/pipes/p/prices.csv', delim=',', header=true)");
  });
});
