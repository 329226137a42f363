import { describe, expect, it } from 'vitest';
import { intervalColumnsNote, intervalText, predictLine } from './forecast-text.js';

describe('intervals on the terminal', () => {
  it('prints level% [lower, upper] per level after the value, nothing without intervals', () => {
    const fmt = (n: number): string => n.toFixed(1);
    expect(intervalText([{ level: 80, lower: 98.1, upper: 104.2 }, { level: 95, lower: 95.9, upper: 106.8 }], fmt)).toBe('  80% [98.1, 104.2]  95% [95.9, 106.8]');
    expect(intervalText(undefined, fmt)).toBe('');
  });

  it('names a panel CSV\'s interval columns', () => {
    expect(intervalColumnsNote([80, 95])).toBe(' · intervals 80%, 95% (columns lower_80, upper_80, …)');
    expect(intervalColumnsNote([90])).toBe(' · intervals 90% (columns lower_90, upper_90)');
    expect(intervalColumnsNote(undefined)).toBe('');
  });

  it('seqpipe predict prints each step with its intervals between the value and the truth', () => {
    const intervals = [{ level: 80, lower: 98.1, upper: 104.2 }, { level: 95, lower: 95.9, upper: 106.8 }];
    expect(predictLine({ step: 1, index: 100, date: '2024-01-05', value: 101.3, scaled: 0.5, actual: 100.9, intervals }))
      .toBe('  step 1  row 100  2024-01-05  → 101.30000  80% [98.10000, 104.20000]  95% [95.90000, 106.80000]  (actual 100.90000, error 0.40000)');
    expect(predictLine({ step: 2, index: 101, value: 101.3, scaled: 0.5 })).toBe('  step 2  row 101  → 101.30000');
  });
});
