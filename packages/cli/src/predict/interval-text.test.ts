import { describe, expect, it } from 'vitest';
import { intervalColumnsNote, intervalText } from './interval-text.js';

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
});
