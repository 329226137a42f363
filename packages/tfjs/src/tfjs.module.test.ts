import { CODEC, NUMERIC_ENV, STAGE } from '@seqpipe/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { tfjsModule } from './index.js';

describe('tfjsModule', () => {
  it('binds the stages, the network codec and the numeric environment', () => {
    const container = new Container();
    container.load(tfjsModule('/tmp/seqpipe-state'));
    expect(container.getAll(STAGE).map((s) => s.uses).sort()).toEqual(['model/linear', 'model/mlp', 'model/nbeats', 'model/rnn', 'trainer/tfjs']);
    expect(container.getAll(CODEC).map((c) => `${c.kind}:${c.impl}`)).toEqual(['forecaster:tfjs-layers', 'forecaster:fused-rnn', 'forecaster:local-models']);
    expect(container.get(NUMERIC_ENV).tensorCount).toBeTypeOf('function');
  });
});
