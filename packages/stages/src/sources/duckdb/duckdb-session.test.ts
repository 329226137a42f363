import { afterEach, describe, expect, it, vi } from 'vitest';
import { duckdbMessage } from './duckdb-session.js';

describe('duckdb-session', () => {
  afterEach(() => {
    vi.doUnmock('@duckdb/node-api');
    vi.resetModules();
  });

  it('a DuckDB that cannot load (no binary for the platform) is E_DUCKDB_UNAVAILABLE, and a later call tries again', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', () => {
      throw new Error('Cannot find module @duckdb/node-bindings-linux-x64/duckdb.node');
    });
    const { loadDuckDB } = await import('./duckdb-session.js');
    await expect(loadDuckDB()).rejects.toMatchObject({ code: 'E_DUCKDB_UNAVAILABLE', exitCode: 1, message: expect.stringMatching(/could not be loaded \(.+\); reinstall with npm ci/) });
    vi.doUnmock('@duckdb/node-api');
    await expect(loadDuckDB()).resolves.toHaveProperty('DuckDBInstance');
  });

  it('puts DuckDB\'s message on one line, its excerpt and caret replaced by the query line', () => {
    const error = new Error('Binder Error: Referenced column "symbl" not found in FROM clause!\nCandidate bindings: "symbol"\n\nLINE 3: WHERE symbl = \'MSFT\'\n              ^');
    expect(duckdbMessage(error)).toBe('Binder Error: Referenced column "symbl" not found in FROM clause! Candidate bindings: "symbol" (query line 3)');
    expect(duckdbMessage(new Error('Failed to extract statements: Parser Error: syntax error at or near "selec"\n\nLINE 1: selec 1\n        ^'))).toBe('Parser Error: syntax error at or near "selec" (query line 1)');
    expect(duckdbMessage(new Error('IO Error: No magic bytes found at end of file'))).toBe('IO Error: No magic bytes found at end of file');
  });
});
