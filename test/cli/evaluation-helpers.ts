/** Pipelines for the evaluation tests, written as JSON (valid YAML) into a temp dir. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Stages = Record<string, { uses: string; from?: string | string[] | Record<string, string | string[]>; with?: Record<string, unknown> }>;

/** A short sine, scaled, windowed and split; the rest of the stages come from `extra`. */
export function sineStages(extra: Stages, options: { points?: number; scaler?: Record<string, unknown> } = {}): Stages {
  return {
    series: { uses: 'source/sine', with: { points: options.points ?? 120, stop: 24 } },
    scaled: { uses: 'scaler/minmax', from: 'series', ...(options.scaler ? { with: options.scaler } : {}) },
    windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6 } },
    split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7 } },
    ...extra,
  };
}

export function writePipeline(dir: string, name: string, stages: Stages, seed = 3): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify({ name, seed, stages }, null, 2));
  return file;
}

export const tinyModel: Stages = {
  model: { uses: 'model/rnn', with: { layers: [{ cell: 'gru', units: 3 }] } },
  train: { uses: 'trainer/tfjs', from: { model: 'model', data: 'split' }, with: { epochs: 1, batchSize: 32 } },
};
