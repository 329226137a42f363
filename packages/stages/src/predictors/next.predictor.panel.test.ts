/** predictor/next on panels: every series forecast in one batch, each in its own units and time. */
import { checkArtifact, forecastCodec, offsetsFrom, testContext } from '@seqpipe/core';
import type { Forecast, Forecaster, Series, Split } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { naiveBaseline } from '../baselines/naive.baseline.js';
import { minMaxScaler } from '../scalers/min-max.scaler.js';
import { ratioSplitter } from '../splitters/ratio.splitter.js';
import { slidingWindower } from '../windowers/sliding.windower.js';
import { nextPredictor } from './next.predictor.js';

const DAY = 86_400_000;
/** a: 12 monthly rows 100…111 from 2020-01; b: 10 daily rows 1000, 1010, … from 2021-03-01; c (optional): 2 daily rows. */
function data(withShort = false): { ids: string[]; lengths: number[]; values: number[]; time: number[] } {
  const a = { id: 'a', values: Array.from({ length: 12 }, (_, r) => 100 + r), time: Array.from({ length: 12 }, (_, r) => Date.UTC(2020, r, 1)) };
  const b = { id: 'b', values: Array.from({ length: 10 }, (_, r) => 1000 + 10 * r), time: Array.from({ length: 10 }, (_, r) => Date.UTC(2021, 2, 1) + r * DAY) };
  const c = { id: 'c', values: [5, 7], time: [Date.UTC(2022, 0, 1), Date.UTC(2022, 0, 2)] };
  const all = withShort ? [a, b, c] : [a, b];
  return { ids: all.map((s) => s.id), lengths: all.map((s) => s.values.length), values: all.flatMap((s) => s.values), time: all.flatMap((s) => s.time) };
}

function series(d: ReturnType<typeof data>, panel = true): Series {
  return {
    kind: 'series', columns: ['value'], length: d.values.length, values: Float64Array.from(d.values), time: Float64Array.from(d.time), timeUnit: 'ms-epoch', transforms: [],
    ...(panel ? { ids: d.ids, offsets: offsetsFrom(d.lengths) } : {}),
  };
}

async function split(s: Series, ctx = testContext()): Promise<Split> {
  const scaled = await minMaxScaler.run(ctx, { series: s }, { range: [0, 1], fitFraction: 1 });
  const windows = await slidingWindower.run(ctx, { series: scaled }, { lookback: 3, horizon: 1, stride: 1, features: 'all', dropLast: false });
  return ratioSplitter.run(ctx, { windows }, { train: 0.8, validation: 0, gap: 0 });
}

/** Predicts each window's last input + 1 (scaled), so fed-back steps climb per series. */
function stepper(): Forecaster {
  return {
    kind: 'forecaster', impl: 'stepper', lookback: 3, features: 1, horizon: 1, targets: 1, summary: {},
    async predict(x, count) {
      return Float32Array.from({ length: count }, (_, k) => x[k * 3 + 2]! + 1);
    },
  };
}

const forecast = async (s: Split, params: Record<string, unknown>, model?: Forecaster, ctx = testContext()): Promise<Forecast> =>
  nextPredictor.run(ctx, { model: model ?? await naiveBaseline.run(ctx, { data: s }, {}), data: s }, { from: 'end', steps: 1, ...params } as never);

describe('predictor/next on a panel', () => {
  it("forecasts every series past its end, in its own units, on its own calendar", async () => {
    const f = await forecast(await split(series(data())), { steps: 2 });
    const p = f.panel!;
    expect(p.ids).toEqual(['a', 'b']);
    expect(p.steps).toBe(2);
    expect([...p.index]).toEqual([12, 10]);
    // Naive: each series' last value, fed back, mapped back through its own scaler.
    [111, 111, 1090, 1090].forEach((v, i) => expect(p.value[i]).toBeCloseTo(v, 9));
    expect([...p.time!]).toEqual([Date.UTC(2021, 0, 1), Date.UTC(2021, 1, 1), Date.UTC(2021, 2, 11), Date.UTC(2021, 2, 12)]);
    expect(p.timeUnit).toBe('ms-epoch');
    expect(p.actual).toBeUndefined();
    expect(p.padded).toBe(0);
    // `points` are the first series' steps.
    expect(f.series).toBe('a');
    expect(f.points.map((pt) => [pt.step, pt.index, pt.date])).toEqual([[1, 12, '2021-01-01'], [2, 13, '2021-02-01']]);
    expect(checkArtifact('forecast', f)).toBeUndefined();
  });

  it('from the last test window of each series, with the truth in its own units', async () => {
    const f = await forecast(await split(series(data())), { from: 'lastTestWindow', steps: 2 });
    const p = f.panel!;
    expect([...p.index]).toEqual([11, 9]);
    [110, 110, 1080, 1080].forEach((v, i) => expect(p.value[i]).toBeCloseTo(v, 4)); // float32 windows
    expect(p.actual![0]).toBeCloseTo(111, 9);
    expect(p.actual![2]).toBeCloseTo(1090, 9);
    expect([Number.isNaN(p.actual![1]), Number.isNaN(p.actual![3])]).toEqual([true, true]); // past each series' end
    expect(p.time![1]).toBe(Date.UTC(2021, 0, 1));
    expect(p.time![3]).toBe(Date.UTC(2021, 2, 11));
  });

  it('feeds each series its own predictions back', async () => {
    const s = await split(series(data()));
    const f = await forecast(s, { steps: 3 }, stepper());
    // Scaled per series by min–max: each series ends at 1, then climbs by 1 per step.
    expect([...f.panel!.scaled].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([2, 3, 4, 2, 3, 4]);
    [122, 133, 144, 1180, 1270, 1360].forEach((v, i) => expect(f.panel!.value[i]).toBeCloseTo(v, 4));
  });

  it('forecasts a series shorter than the lookback from padded inputs, and says how many', async () => {
    const ctx = testContext();
    const f = await forecast(await split(series(data(true))), {}, undefined, ctx);
    expect(f.panel!.ids).toEqual(['a', 'b', 'c']);
    expect(f.panel!.padded).toBe(1);
    expect(f.panel!.value[2]).toBeCloseTo(7, 9);
    expect(ctx.logs.filter((l) => l.startsWith('warn:') && l.includes('1 of 3 series'))).toHaveLength(1);
  });

  it('from the last test window, a series without one is left out, and says so', async () => {
    const ctx = testContext();
    const f = await forecast(await split(series(data(true))), { from: 'lastTestWindow' }, undefined, ctx);
    expect(f.panel!.ids).toEqual(['a', 'b']);
    expect(ctx.logs).toContain('warn: 1 of 3 series have no test window: not forecast (from: end forecasts every series)');
  });

  it('series: ID forecasts that series alone, with no panel arrays', async () => {
    const f = await forecast(await split(series(data())), { series: 'b', steps: 2 });
    expect(f.series).toBe('b');
    expect(f.panel).toBeUndefined();
    expect(f.points.map((pt) => [pt.index, pt.date])).toEqual([[10, '2021-03-11'], [11, '2021-03-12']]);
    expect(f.points[0]!.value).toBeCloseTo(1090, 9);
  });

  it('an unknown series id is E_UNKNOWN_SERIES with a did-you-mean, exit 2', async () => {
    const s = await split(series({ ...data(), ids: ['store-1', 'store-2'] }));
    await expect(forecast(s, { series: 'store-3' })).rejects.toMatchObject({ code: 'E_UNKNOWN_SERIES', exitCode: 2, message: expect.stringContaining('did you mean "store-1"') });
  });

  it('a panel of one forecasts exactly what the single series does', async () => {
    const one = { ids: ['a'], lengths: [12], values: data().values.slice(0, 12), time: data().time.slice(0, 12) };
    for (const params of [{ steps: 3 }, { from: 'lastTestWindow', steps: 2 }]) {
      const single = await forecast(await split(series(one, false)), params);
      const panel = await forecast(await split(series(one)), params);
      expect(single.series).toBeUndefined();
      expect(single.panel).toBeUndefined();
      expect(JSON.stringify(panel.points)).toBe(JSON.stringify(single.points));
      expect(panel.series).toBe('a');
      expect([...panel.panel!.value]).toEqual(single.points.map((p) => p.value));
    }
  });

  it("a single series' forecast encodes to the JSON header it always had; a panel's round-trips", async () => {
    const single = await forecast(await split(series(data(), false)), { steps: 2 });
    const encoded = await forecastCodec.encode(single);
    expect(encoded.buffers).toEqual([]);
    expect(encoded.header).toEqual(JSON.parse(JSON.stringify(single)));
    const f = await forecast(await split(series(data())), { from: 'lastTestWindow', steps: 2 });
    const back = (await forecastCodec.decode(await forecastCodec.encode(f))) as Forecast;
    expect(back).toEqual(f);
    expect(checkArtifact('forecast', back)).toBeUndefined();
    expect(checkArtifact('forecast', { ...f, panel: { ...f.panel!, value: new Float64Array(3) } })).toMatch(/panel\.value/);
  });
});
