import { describe, expect, it } from 'vitest';
import { checkArtifact } from './check-artifact.js';
import type { Forecast, Metrics, Series, Split, Windows } from './kinds.js';

const series = (over: Partial<Record<keyof Series, unknown>> = {}): unknown => ({
  kind: 'series', columns: ['a', 'b'], length: 3, values: Float64Array.from([1, 2, 3, 4, 5, 6]),
  time: Float64Array.from([10, 20, 30]), transforms: [], ...over,
});

/** 2 windows of lookback 2 over 5 rows of 2 columns, horizon 1, target column 0. */
const windows = (over: Partial<Record<keyof Windows, unknown>> = {}): Windows => ({
  kind: 'windows', columns: ['a', 'b'], targetColumns: [0], lookback: 2, horizon: 1, count: 2,
  data: new Float64Array(10), rows: 5, index: Int32Array.from([2, 3]), transforms: [], ...over,
}) as Windows;

const split = (over: Partial<Record<keyof Split, unknown>> = {}): unknown => ({ kind: 'split', train: windows(), test: windows(), ...over });

const forecast = (points: unknown[]): unknown => ({ kind: 'forecast', column: 'a', points });

describe('checkArtifact', () => {
  it('passes well-formed artifacts of every kind', () => {
    expect(checkArtifact('series', series())).toBeUndefined();
    expect(checkArtifact('series', series({ time: undefined }))).toBeUndefined();
    expect(checkArtifact('windows', windows())).toBeUndefined();
    expect(checkArtifact('split', split())).toBeUndefined();
    expect(checkArtifact('split', split({ validation: windows({ count: 1, index: Int32Array.from([4]) }) }))).toBeUndefined();
    expect(checkArtifact('model-spec', { kind: 'model-spec', layers: [{ cell: 'gru', units: 4 }], head: { activation: 'linear' } })).toBeUndefined();
    expect(checkArtifact('forecaster', { kind: 'forecaster', impl: 'naive-last', lookback: 2, features: 1, horizon: 1, targets: 1, predict: async () => new Float32Array(), summary: {} })).toBeUndefined();
    expect(checkArtifact('metrics', { kind: 'metrics', values: { mse: 0.5, r2: -3 } } satisfies Metrics)).toBeUndefined();
    expect(checkArtifact('forecast', { kind: 'forecast', column: 'a', points: [{ step: 1, index: 5, value: 1, scaled: 0.1, date: '2000-01-01', time: 0 }] } satisfies Forecast)).toBeUndefined();
    // A kind a plugin added: only its kind field is known.
    expect(checkArtifact('thirdparty-table', { kind: 'thirdparty-table', rows: 'anything' })).toBeUndefined();
  });

  it('series: values that do not match length × columns, no columns, non-finite values, time', () => {
    expect(checkArtifact('series', series({ length: 4 }))).toBe('values holds 6 numbers, expected 8');
    expect(checkArtifact('series', series({ columns: [] }))).toBe('columns must be a non-empty array of names, not an array of 0');
    expect(checkArtifact('series', series({ length: 0 }))).toBe('length must be an integer ≥ 1, not 0');
    expect(checkArtifact('series', series({ length: 1.5 }))).toBe('length must be an integer ≥ 1, not 1.5');
    expect(checkArtifact('series', series({ values: [1, 2, 3, 4, 5, 6] }))).toBe('values must be a Float64Array, not an array of 6');
    expect(checkArtifact('series', series({ values: Float64Array.from([1, 2, 3, NaN, 5, 6]) }))).toBe('values[3] (row 1, column "b") is NaN, not a finite number');
    expect(checkArtifact('series', series({ values: Float64Array.from([1, 2, 3, 4, Infinity, 6]) }))).toBe('values[4] (row 2, column "a") is Infinity, not a finite number');
    expect(checkArtifact('series', series({ time: Float64Array.from([10, 20]) }))).toBe('time holds 2 numbers, expected 3');
    expect(checkArtifact('series', series({ time: Float64Array.from([10, 30, 30]) }))).toBe('time must increase row to row; time[2] = 30 follows 30');
    expect(checkArtifact('series', series({ timeUnit: 'days' }))).toBe('timeUnit must be "ms-epoch" or absent, not "days"');
    expect(checkArtifact('series', series({ transforms: undefined }))).toBe('transforms must be an array, not undefined');
  });

  it('windows: data, index and time sizes; positions inside the rows and one series; target indices; counts', () => {
    expect(checkArtifact('windows', windows({ data: new Float64Array(7) }))).toBe('data holds 7 numbers, expected 10');
    expect(checkArtifact('windows', windows({ data: Float64Array.from({ length: 10 }, (_, i) => (i === 3 ? NaN : i)) }))).toBe('data[3] is NaN, not a finite number');
    expect(checkArtifact('windows', windows({ index: Float64Array.from([2, 3]) }))).toBe('index must be an Int32Array, not Float64Array');
    expect(checkArtifact('windows', windows({ time: new Float64Array(1) }))).toBe('time holds 1 numbers, expected 5');
    expect(checkArtifact('windows', windows({ index: Int32Array.from([2, 5]) }))).toMatch(/^index\[1\] = 5: window 1 needs rows 4…5, outside the 5 rows/);
    expect(checkArtifact('windows', windows({ index: Int32Array.from([0, 3]) }))).toMatch(/^index\[0\] = 0/);
    expect(checkArtifact('windows', windows({ ids: ['p', 'q'], offsets: Int32Array.of(0, 3, 5) }))).toMatch(/window 1's targets run past the end of its series/);
    expect(checkArtifact('windows', windows({ ids: ['p', 'q'], offsets: Int32Array.of(0, 4, 5) }))).toBeUndefined();
    expect(checkArtifact('windows', windows({ ids: ['p', 'q'], offsets: Int32Array.of(0, 5, 5) }))).toBe('series "q" is empty (offsets[2] = 5 follows 5)');
    expect(checkArtifact('windows', windows({ ids: ['p'], offsets: Int32Array.of(0, 4) }))).toBe('offsets must run from 0 to 5, not 0 to 4');
    expect(checkArtifact('windows', windows({ targetColumns: [2] }))).toBe('targetColumns[0] is 2, not an index into the 2 columns');
    expect(checkArtifact('windows', windows({ count: 0 }))).toBe('count must be an integer ≥ 1, not 0');
  });

  it('series: a panel\'s offsets, and time rising within each series only', () => {
    const panel = { length: 3, values: new Float64Array(6), ids: ['p', 'q'], offsets: Int32Array.of(0, 2, 3) };
    expect(checkArtifact('series', series({ ...panel, time: Float64Array.from([10, 20, 5]) }))).toBeUndefined();
    expect(checkArtifact('series', series({ ...panel, time: Float64Array.from([20, 10, 5]) }))).toBe('time must increase row to row within a series; time[1] = 10 follows 20');
    expect(checkArtifact('series', series({ ...panel, ids: ['p'] }))).toMatch(/^offsets must be an Int32Array of 2/);
  });

  it('split: each part is checked, and the parts agree', () => {
    expect(checkArtifact('split', split({ test: undefined }))).toBe('test must be windows, not undefined');
    expect(checkArtifact('split', split({ train: windows({ data: new Float64Array(1) }) }))).toBe('train: data holds 1 numbers, expected 10');
    const other = windows({ lookback: 1 });
    expect(checkArtifact('split', split({ test: other }))).toBe("test.lookback is 1 but train's is 2");
  });

  it('metrics: finite numbers only', () => {
    expect(checkArtifact('metrics', { kind: 'metrics', values: { mse: Infinity } })).toBe('values.mse is Infinity, not a finite number');
    expect(checkArtifact('metrics', { kind: 'metrics', values: { mae: null } })).toBe('values.mae is null, not a finite number');
    expect(checkArtifact('metrics', { kind: 'metrics', values: [1] })).toBe('values must be an object of named numbers, not an array of 1');
  });

  it('forecast: points numbered from 1 with finite values', () => {
    const point = { step: 1, index: 5, value: 1, scaled: 0.1 };
    expect(checkArtifact('forecast', forecast([]))).toBe('points must be a non-empty array, not an array of 0');
    expect(checkArtifact('forecast', forecast([point, { ...point, step: 3 }]))).toBe('points[1].step is 3, expected 2 (steps count from 1)');
    expect(checkArtifact('forecast', forecast([{ ...point, value: NaN }]))).toBe('points[0].value is NaN, not a finite number');
    expect(checkArtifact('forecast', forecast([{ ...point, actual: Infinity }]))).toBe('points[0].actual is Infinity, not a finite number');
    expect(checkArtifact('forecast', forecast([{ ...point, index: 1.5 }]))).toBe('points[0].index must be an integer row, not 1.5');
  });

  it('model specs and forecasters: the fields their consumers read', () => {
    expect(checkArtifact('model-spec', { kind: 'model-spec', layers: [], head: {} })).toBe('layers must be a non-empty array, not an array of 0');
    expect(checkArtifact('model-spec', { kind: 'model-spec', layers: [{ cell: 'gru', units: 0 }], head: {} })).toBe('layers[0].units must be an integer ≥ 1, not 0');
    expect(checkArtifact('forecaster', { kind: 'forecaster', impl: 'x', lookback: 2, features: 1, horizon: 1, targets: 1, summary: {} })).toBe('predict must be a function');
  });

  it('the wrong kind, or not an object at all', () => {
    expect(checkArtifact('series', windows())).toBe('expected kind "series", got "windows"');
    expect(checkArtifact('series', undefined)).toBe('expected a series object, got undefined');
    expect(checkArtifact('metrics', [1, 2])).toBe('expected a metrics object, got an array of 2');
  });
});
