import { describe, expect, it } from 'vitest';
import { checkArtifact } from '../artifacts/check-artifact.js';
import { metricsCodec } from '../artifacts/data-codecs.js';
import { toBytes } from '../artifacts/envelope.js';
import type { Metrics, MetricsTables } from '../artifacts/kinds.js';
import { tableCsv } from './metrics-csv.js';

const DAY = 86_400_000;
const tables: MetricsTables = {
  ids: ['a', 'b, "quoted"'], targets: ['x', 'y'], timeUnit: 'ms-epoch',
  series: { series: Float64Array.of(0, 1), smape: Float64Array.of(1.5, 2), mase: Float64Array.of(0.1, Number.NaN) },
  forecasts: {
    series: Float64Array.of(1, 1), row: Float64Array.of(3, 3), time: Float64Array.of(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1) + DAY / 2),
    step: Float64Array.of(1, 1), target: Float64Array.of(0, 1), actual: Float64Array.of(0.1, 2), predicted: Float64Array.of(0.30000000000000004, 2.5),
  },
};

describe('evaluation tables as CSV', () => {
  it('prints ids, target names and dates; an absent metric is an empty cell; numbers round-trip', () => {
    expect(tableCsv(tables, 'series')).toBe('id,smape,mase\na,1.5,0.1\n"b, ""quoted""",2,\n');
    expect(tableCsv(tables, 'forecasts')).toBe([
      'id,row,time,step,target,actual,predicted',
      '"b, ""quoted""",3,2020-01-01,1,x,0.1,0.30000000000000004',
      '"b, ""quoted""",3,2020-01-01T12:00:00.000Z,1,y,2,2.5', '',
    ].join('\n'));
  });

  it('survive the metrics codec; metrics without tables encode as before (plain JSON)', async () => {
    const m: Metrics = { kind: 'metrics', values: { mae: 1 }, details: { part: 'test' }, tables };
    const back = await metricsCodec.decode(await metricsCodec.encode(m));
    expect(back).toEqual(m);
    expect(checkArtifact('metrics', back)).toBeUndefined();
    const plain: Metrics = { kind: 'metrics', values: { mae: 1 } };
    expect(await metricsCodec.encode(plain)).toEqual({ header: { kind: 'metrics', values: { mae: 1 } }, buffers: [] });
    expect(toBytes(await metricsCodec.encode(m)).byteLength).toBeGreaterThan(toBytes(await metricsCodec.encode(plain)).byteLength);
  });

  it('are checked: ids, Float64Array columns of one length', () => {
    const bad = (t: unknown): string | undefined => checkArtifact('metrics', { kind: 'metrics', values: {}, tables: t });
    expect(bad({ ...tables, ids: [1] })).toMatch(/tables\.ids/);
    expect(bad({ ...tables, series: { series: [0, 1] } })).toMatch(/Float64Array/);
    expect(bad({ ...tables, forecasts: { series: Float64Array.of(0), row: Float64Array.of(1, 2) } })).toMatch(/differ in length/);
  });
});
