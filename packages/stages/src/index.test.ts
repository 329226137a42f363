import { CODEC, STAGE, STAGE_KINDS } from '@seqpipe/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { builtinStages, naiveForecasterCodec, stageCodecs, stagesModule } from './index.js';

describe('@seqpipe/stages', () => {
  it('binds every stage and codec through its ContainerModule', () => {
    const container = new Container();
    container.load(stagesModule);
    expect(container.getAll(STAGE)).toEqual([...builtinStages]);
    expect(container.getAll(CODEC)).toEqual([...stageCodecs]);
    expect(stageCodecs.map((c) => c.impl)).toEqual([naiveForecasterCodec.impl, 'seasonal-naive', 'drift', 'mean', 'm4-statistical', 'conformal', 'ensemble']);
  });

  it('names stages uniquely as kind/name', () => {
    const uses = builtinStages.map((s) => s.uses);
    expect(new Set(uses).size).toBe(uses.length);
    for (const u of uses) expect(STAGE_KINDS).toContain(u.split('/')[0]);
  });

  it('has strict 2020-12 param schemas whose defaults validate', () => {
    const ajv = new Ajv2020({ strict: true, useDefaults: true });
    for (const s of builtinStages) {
      expect(s.params).toMatchObject({ type: 'object', additionalProperties: false });
      for (const [key, prop] of Object.entries(s.params.properties as Record<string, { description?: string }>)) {
        expect(prop.description, `${s.uses}.${key}`).toBeTruthy();
      }
      // Required params: a minimal example when the plugin gives one (a season's period), else a string (a CSV's path).
      const required = (s.params.required ?? []) as string[];
      const example = (s.params.examples as Record<string, unknown>[] | undefined)?.[0];
      const params: Record<string, unknown> = structuredClone(example ?? Object.fromEntries(required.map((k) => [k, 'x'])));
      expect(ajv.validate(s.params, params), `${s.uses}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it('fills the tutorial defaults', () => {
    const ajv = new Ajv2020({ useDefaults: true });
    const filled = (uses: string): Record<string, unknown> => {
      const params = {};
      ajv.validate(builtinStages.find((s) => s.uses === uses)!.params, params);
      return params;
    };
    expect(filled('source/sine')).toEqual({ points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' });
    expect(filled('scaler/minmax')).toEqual({ range: [0, 1] });
    expect(filled('windower/sliding')).toEqual({ lookback: 10, horizon: 1, stride: 1, features: 'all', dropLast: true });
    expect(filled('splitter/ratio')).toEqual({ train: 0.8, validation: 0, gap: 0 });
    expect(filled('evaluator/regression')).toEqual({ part: 'test', metrics: ['mse', 'rmse', 'mae', 'mape', 'smape', 'mase', 'r2'], period: 1 });
    expect(filled('predictor/next')).toEqual({ from: 'lastTestWindow', steps: 1 });
  });
});
