import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentStore } from '../store/content-store.js';
import { hostEnvironment, listRuns, newRunId, readRun, RunWriter } from './run-record.js';
import type { RunRecord } from './run-record.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-runs-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const record = (runId: string): RunRecord => ({
  runId,
  pipeline: { name: 'sine-rnn', file: 'pipelines/sine-rnn.yaml', seed: 42 },
  status: 'success',
  startedAt: '2024-01-02T03:04:05.000Z',
  finishedAt: '2024-01-02T03:04:07.500Z',
  seconds: 2.5,
  environment: { backend: 'cpu', tfjs: '4.22.0', ...hostEnvironment() },
  stages: [
    { id: 'data', uses: 'source/sine', key: 'a'.repeat(64), digest: 'b'.repeat(64), cached: true, seconds: 0, status: 'hit' },
    { id: 'fit', uses: 'trainer/fit', key: 'c'.repeat(64), cached: false, seconds: 2.4, status: 'ran' },
  ],
  metrics: { eval: { mse: 0.0012 } },
  predictions: { predict: { value: -0.59, index: 999 } },
  warnings: [],
});

describe('newRunId', () => {
  it('is YYYYMMDD-HHMMSS.mmm-<6 hex> in UTC', () => {
    const id = newRunId(new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 67)));
    expect(id).toMatch(/^20300102-030405\.067-[0-9a-f]{6}$/);
    expect(newRunId()).toMatch(/^\d{8}-\d{6}\.\d{3}-[0-9a-f]{6}$/);
  });

  it('sorts by time to the millisecond: two runs started in the same second sort by start', () => {
    const second = Date.UTC(2031, 0, 2, 3, 4, 5);
    // Many pairs, so a random suffix deciding the order would fail some of them.
    for (let i = 0; i < 50; i++) {
      const earlier = newRunId(new Date(second + 100 + 2 * i));
      const later = newRunId(new Date(second + 101 + 2 * i));
      expect(earlier < later, `${earlier} < ${later}`).toBe(true);
      expect(earlier.slice(0, 15)).toBe(later.slice(0, 15)); // the same second
    }
  });

  it('ids made in the same millisecond sort in the order they were made, without Math.random', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const now = new Date(Date.UTC(2032, 0, 2, 3, 4, 5));
    const ids = Array.from({ length: 20 }, () => newRunId(now));
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(ids);
  });

  it('an older id (no milliseconds) sorts before a newer one of the same second', () => {
    const now = new Date(Date.UTC(2033, 0, 2, 3, 4, 5));
    expect('20330102-030405-ffffff' < newRunId(now)).toBe(true);
    expect('20330102-030406-000000' > newRunId(now)).toBe(true);
  });
});

describe('RunWriter', () => {
  it('creates the run dir and refuses one that already exists', () => {
    const writer = new RunWriter(dir, 'run-1');
    expect(writer.dir).toBe(join(dir, 'runs', 'run-1'));
    expect(existsSync(writer.dir)).toBe(true);
    expect(() => new RunWriter(dir, 'run-1')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => new RunWriter(dir, '../escape')).toThrow(TypeError);
  });

  it('generates an id when none is given and accepts a ContentStore', () => {
    const writer = new RunWriter(new ContentStore(dir));
    expect(writer.runId).toMatch(/^\d{8}-\d{6}\.\d{3}-[0-9a-f]{6}$/);
    expect(writer.dir).toBe(join(dir, 'runs', writer.runId));
  });

  it('writes files atomically into subfolders and run.json last', async () => {
    const writer = new RunWriter(dir, 'run-1');
    await writer.writeJson('resolved.json', { seed: 42 });
    await writer.writeFile('models/fit/model.json', new TextEncoder().encode('{"format":"layers-model"}'));
    expect(await readFile(join(writer.dir, 'resolved.json'), 'utf8')).toBe('{\n  "seed": 42\n}\n');
    expect(await readFile(join(writer.dir, 'models', 'fit', 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');

    // Incomplete until finish: listed, but no record.
    expect(existsSync(join(writer.dir, 'run.json'))).toBe(false);
    expect(await listRuns(dir)).toEqual(['run-1']);
    expect(await readRun(dir, 'run-1')).toBeUndefined();

    await writer.finish(record('run-1'));
    const text = await readFile(join(writer.dir, 'run.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "runId": "run-1",\n');
    expect(await readRun(dir, 'run-1')).toEqual(record('run-1'));

    // Nothing may follow run.json.
    await expect(writer.writeJson('late.json', {})).rejects.toThrow(/finished/);
    await expect(writer.finish(record('run-1'))).rejects.toThrow(/finished/);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('keeps run.json for finish() and every path inside the run dir', async () => {
    const writer = new RunWriter(dir, 'run-1');
    await expect(writer.writeJson('run.json', {})).rejects.toThrow(/finish/);
    await expect(writer.writeFile('../other/x', 'x')).rejects.toThrow(TypeError);
    await expect(writer.writeFile('/abs/x', 'x')).rejects.toThrow(TypeError);
    await expect(writer.writeFile('a/../../x', 'x')).rejects.toThrow(TypeError);
    await expect(writer.finish(record('run-2'))).rejects.toThrow(/run-2/);
    expect(existsSync(join(writer.dir, 'run.json'))).toBe(false);
  });
});

describe('listRuns / readRun', () => {
  it('lists run dirs sorted and is empty without a runs folder', async () => {
    expect(await listRuns(dir)).toEqual([]);
    expect(await readRun(dir, 'nope')).toBeUndefined();
    for (const id of ['20240301-000000-aaaaaa', '20231231-235959-ffffff', '20240301-000000-000001']) {
      new RunWriter(dir, id);
    }
    expect(await listRuns(dir)).toEqual(['20231231-235959-ffffff', '20240301-000000-000001', '20240301-000000-aaaaaa']);
  });

  it('a run.json that is not a record is E_RUN_CORRUPT at its path, not "no record"', async () => {
    const writer = new RunWriter(dir, 'run-c');
    const path = join(writer.dir, 'run.json');
    for (const text of ['{"runId": "run-c", "sta', '', '{"runId": "other", "status": "success", "stages": [], "pipeline": {}}']) {
      await writeFile(path, text);
      await expect(readRun(dir, 'run-c')).rejects.toMatchObject({ code: 'E_RUN_CORRUPT', file: path, exitCode: 2 });
    }
  });
});
