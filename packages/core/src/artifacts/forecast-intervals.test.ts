/** A forecast's intervals in its codec, its CSV, its JSON form and its boundary check. */
import { describe, expect, it } from 'vitest';
import { checkArtifact } from './check-artifact.js';
import { forecastCodec } from './data-codecs.js';
import { digestOf, fromBytes, toBytes } from './envelope.js';
import { forecastCsv, forecastJson } from './forecast-csv.js';
import type { Forecast, ForecastPanel } from './kinds.js';

const b80 = (v: number) => ({ level: 80, lower: v - 1, upper: v + 1 });
const b95 = (v: number) => ({ level: 95, lower: v - 2, upper: v + 2 });

/** One series, two steps with intervals and a third (fed back past the horizon) without. */
const single: Forecast = {
  kind: 'forecast', column: 'v',
  points: [
    { step: 1, index: 10, value: 5, scaled: 10, actual: 5.5, intervals: [b80(5), b95(5)] },
    { step: 2, index: 11, value: 6, scaled: 12, intervals: [b80(6), b95(6)] },
    { step: 3, index: 12, value: 7, scaled: 14 },
  ],
};

function panel(withIntervals: boolean): Forecast {
  const p: ForecastPanel = {
    ids: ['a', 'b, c'], steps: 2, index: Int32Array.of(10, 4), value: Float64Array.of(1, 2, 3, 4), scaled: Float64Array.of(2, 4, 6, 8),
    actual: Float64Array.of(1.5, NaN, NaN, NaN), padded: 0,
    ...(withIntervals ? { intervals: { levels: [80, 95], lower: [Float64Array.of(0, NaN, 2, NaN), Float64Array.of(-1, NaN, 1, NaN)], upper: [Float64Array.of(2, NaN, 4, NaN), Float64Array.of(3, NaN, 5, NaN)] } } : {}),
  };
  return { kind: 'forecast', column: 'v', series: 'a', points: [{ step: 1, index: 10, value: 1, scaled: 2, actual: 1.5 }, { step: 2, index: 11, value: 2, scaled: 4 }], panel: p };
}

const roundTrip = async (f: Forecast): Promise<Forecast> => forecastCodec.decode(fromBytes(toBytes(forecastCodec.encode(f) as never))) as Promise<Forecast>;

describe('the forecast codec with intervals', () => {
  it('keeps a single series\' point intervals (JSON) and a panel\'s bounds (buffers after the others)', async () => {
    expect((await roundTrip(single)).points).toEqual(single.points);
    const back = await roundTrip(panel(true));
    expect(back.panel!.intervals).toEqual(panel(true).panel!.intervals);
    expect([...back.panel!.value]).toEqual([1, 2, 3, 4]);
    expect([...back.panel!.actual!]).toEqual([1.5, NaN, NaN, NaN]);
  });

  it('encodes a forecast without intervals to the bytes it had before intervals existed, and decodes those', async () => {
    // Digest of this panel forecast encoded by the codec before intervals (commit f636d7d).
    const bytes = toBytes(forecastCodec.encode(panel(false)) as never);
    expect(digestOf(bytes)).toBe(OLD_PANEL_DIGEST);
    const back = (await forecastCodec.decode(fromBytes(bytes))) as Forecast;
    expect(back.panel).not.toHaveProperty('intervals');
    expect([...back.panel!.scaled]).toEqual([2, 4, 6, 8]);
  });
});

describe('forecastCsv and forecastJson with intervals', () => {
  it('adds lower_L, upper_L per level after value, empty on a step without one', () => {
    expect(forecastCsv(single)).toBe([
      'series,step,row,value,lower_80,upper_80,lower_95,upper_95,actual',
      'series,1,10,5,4,6,3,7,5.5',
      'series,2,11,6,5,7,4,8,',
      'series,3,12,7,,,,,',
      '',
    ].join('\n'));
    expect(forecastCsv(panel(true))).toBe([
      'series,step,row,value,lower_80,upper_80,lower_95,upper_95,actual',
      'a,1,10,1,0,2,-1,3,1.5',
      'a,2,11,2,,,,,',
      '"b, c",1,4,3,2,4,1,5,',
      '"b, c",2,5,4,,,,,',
      '',
    ].join('\n'));
    expect(forecastCsv(panel(false)).split('\n')[0]).toBe('series,step,row,value,actual');
  });

  it('--json and run.json carry each point\'s intervals and a panel summary\'s levels', () => {
    expect(forecastJson(single, '')).toMatchObject({ points: [{ intervals: [b80(5), b95(5)] }, { intervals: [b80(6), b95(6)] }, {}] });
    expect(forecastJson(panel(true), 'forecasts/next.csv').panel).toEqual({ series: 2, steps: 2, padded: 0, file: 'forecasts/next.csv', levels: [80, 95] });
    expect(forecastJson(panel(false), 'f.csv').panel).not.toHaveProperty('levels');
  });
});

describe('checkArtifact on a forecast with intervals', () => {
  it('accepts well-formed intervals and names the malformed', () => {
    expect(checkArtifact('forecast', single)).toBeUndefined();
    expect(checkArtifact('forecast', panel(true))).toBeUndefined();
    const crossed = { ...single, points: [{ ...single.points[0]!, intervals: [{ level: 80, lower: 6, upper: 4 }] }] };
    expect(checkArtifact('forecast', crossed)).toMatch(/^points\[0\]\.intervals\[0\] must be \{ level, lower, upper \} with finite lower ≤ upper/);
    const unordered = { ...single, points: [{ ...single.points[0]!, intervals: [b95(5), b80(5)] }] };
    expect(checkArtifact('forecast', unordered)).toMatch(/^points\[0\]\.intervals\[1\]\.level must be above the previous level/);
    const p = panel(true);
    const short = { ...p, panel: { ...p.panel!, intervals: { ...p.panel!.intervals!, upper: [Float64Array.of(1), p.panel!.intervals!.upper[1]!] } } };
    expect(checkArtifact('forecast', short)).toMatch(/^panel\.intervals\.upper\[0\] must be a Float64Array of 4/);
  });
});

const OLD_PANEL_DIGEST = '00fd0f4efa58f9ee59f2822a8aba18ff7f1b2a4ae4d968635c34c0bb240f77aa';
