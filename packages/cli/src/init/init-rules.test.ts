/** seqpipe init's rules, without files: the chooser on answers, the season, the sizes, the columns. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptChooser, ruleChooser, type Question } from './choose.js';
import { columnFacts, isIndex, seriesCandidates, timeCandidates } from './columns.js';
import { planSizes } from './plan.js';
import { calendarOf, chooseSeason } from './season.js';

const question: Question<string> = {
  topic: 'forecast', text: 'Which column to forecast?', rule: 0, ruleText: 'the leftmost numeric column',
  options: [{ label: 'a', value: 'A' }, { label: 'b', value: 'B' }, { label: 'c', value: 'C' }],
};

async function answer(lines: string): Promise<{ value: string; notes: string[]; shown: string }> {
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += d));
  const chooser = promptChooser(Readable.from([lines]), output);
  const value = await chooser.ask(question);
  chooser.close();
  return { value, notes: chooser.notes, shown };
}

describe('the chooser', () => {
  it('takes the rule without asking, and says so', async () => {
    const chooser = ruleChooser();
    expect(await chooser.ask(question)).toBe('A');
    expect(chooser.notes).toEqual(['forecast: a, by rule (the leftmost numeric column); the others: b, c']);
  });

  it('on answers: a number, a name, an empty line (the default), a wrong answer asked again, end of input', async () => {
    expect((await answer('2\n')).value).toBe('B');
    expect((await answer('c\n')).value).toBe('C');
    expect(await answer('\n')).toMatchObject({ value: 'A', notes: ['forecast: a, answered on the terminal (the default)'] });
    const again = await answer('9\nzz\n3\n');
    expect(again.value).toBe('C');
    expect(again.shown).toContain('"9" is not one of the choices');
    expect(again.shown).toContain('  1) a   [default]');
    expect((await answer('')).value).toBe('A');
  });
});

describe('the season', () => {
  const seasonal = (n: number, s: number): number[] => Array.from({ length: n }, (_, i) => i * 0.5 + 10 * Math.sin((2 * Math.PI * i) / s) + ((i * 7919) % 13) / 13);

  it('the calendar season stands when the autocorrelation confirms it', () => {
    expect(chooseSeason(seasonal(120, 12), 12)).toMatchObject({ season: 12, why: expect.stringContaining('confirmed') });
  });
  it('the autocorrelation replaces a calendar season it does not support, or gives one where the calendar has none', () => {
    expect(chooseSeason(seasonal(300, 24), 7)).toMatchObject({ season: 24, why: expect.stringContaining('replacing the calendar') });
    expect(chooseSeason(seasonal(300, 24), undefined).season).toBe(24);
  });
  it('no season without a calendar one or a peak', () => {
    const noise = Array.from({ length: 100 }, (_, i) => { const x = Math.sin(i * 12.9898 + 1) * 43758.5453; return x - Math.floor(x); });
    expect(chooseSeason(noise, undefined).season).toBe(1);
  });
  it('calendar steps', () => {
    expect(calendarOf({ unit: 'month', count: 3 })).toBe('quarterly');
    expect(calendarOf({ unit: 'day', count: 7 })).toBe('weekly');
    expect(calendarOf({ unit: 'ms', count: 900_000 })).toBe('minutes');
    expect(calendarOf({ unit: 'year', count: 1 })).toBe('yearly');
  });
});

describe('the sizes', () => {
  it('a long single series is backtested with the full horizon; a short one gets a capped horizon and a holdout', () => {
    expect(planSizes([123], 18, 12)).toMatchObject({ horizon: 18, lookback: 18, split: { kind: 'backtest', folds: 3, gap: 17 } });
    const short = planSizes([20], 18, 12);
    expect(short).toMatchObject({ horizon: 4, season: 1, split: { kind: 'holdout', test: 4 } });
    expect(short.notes.join('\n')).toContain('horizon 4, not 18');
  });
  it('a panel is held out (M4) and strided to about 20,000 training windows', () => {
    const p = planSizes(Array(414).fill(1008), 48, 24);
    expect(p.split).toEqual({ kind: 'holdout', test: 48 });
    expect(p.trainWindows).toBeLessThanOrEqual(20_000);
    expect(p.stride).toBeGreaterThan(1);
  });
});

describe('the columns', () => {
  const table = (text: string) => {
    const [head, ...rows] = text.trim().split('\n');
    return { names: head!.split(','), rows: rows.map((r) => r.split(',')), lastLine: rows.length + 1 };
  };
  it('time, series, index and value columns of a long file', () => {
    const t = table('id,date,t,y\nA,2000-01-01,1,5\nA,2000-02-01,2,9\nB,2000-01-01,1,7\nB,2000-02-01,2,3\nB,2000-03-01,3,8');
    const facts = columnFacts(t);
    expect(facts.map((f) => f.kind)).toEqual(['text', 'time', 'number', 'number']);
    const time = timeCandidates(facts)[0];
    expect(time?.name).toBe('date');
    expect(seriesCandidates(t, facts, time).map((f) => f.name)).toEqual(['id']);
    expect(isIndex(t, facts[2]!, [[0, 1], [2, 3, 4]])).toBe(true);
    expect(isIndex(t, facts[3]!, [[0, 1], [2, 3, 4]])).toBe(false);
  });
  it('an integer column named like an id is a series column where the time repeats; not otherwise, nor under another name', () => {
    const t = table('store,date,sales\n1,2000-01-01,5\n1,2000-02-01,9\n2,2000-01-01,7\n2,2000-02-01,3');
    const facts = columnFacts(t);
    expect(seriesCandidates(t, facts, facts[1]).map((f) => f.name)).toEqual(['store']);
    const once = table('store,date,sales\n1,2000-01-01,5\n1,2000-02-01,9\n2,2000-03-01,7\n2,2000-04-01,3');
    expect(seriesCandidates(once, columnFacts(once), columnFacts(once)[1])).toEqual([]);
    const counts = table('units,date,sales\n1,2000-01-01,5\n1,2000-02-01,9\n2,2000-01-01,7\n2,2000-02-01,3');
    expect(seriesCandidates(counts, columnFacts(counts), columnFacts(counts)[1])).toEqual([]);
  });
  it('a text column whose times do not repeat is not a series column; a year column is a time', () => {
    const t = table('year,weather,v\n2000,sun,1\n2001,rain,2\n2002,sun,3\n2003,sun,4');
    const facts = columnFacts(t);
    expect(timeCandidates(facts).map((f) => f.name)).toEqual(['year']);
    expect(seriesCandidates(t, facts, facts[0])).toEqual([]);
  });
});
