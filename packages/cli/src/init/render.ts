/** The generated pipeline file's text: commented YAML, the same bytes for the same input. */
import type { Plan } from './plan.js';

export interface Detected {
  /** The data file as the pipeline names it: relative to the written file's folder. */
  readonly path: string;
  /** The data file as given on the command line, for the comments. */
  readonly shown: string;
  readonly format: 'csv' | 'parquet';
  readonly name: string;
  readonly time?: string;
  readonly series?: string;
  readonly target: string;
  readonly inputs: readonly string[];
  readonly missing?: 'interpolate' | 'drop';
  /** Comment lines on the data (columns, series, step, season), without the leading `# `. */
  readonly about: readonly string[];
  readonly choices: readonly string[];
}

const PLAIN = /^[A-Za-z_.][A-Za-z0-9_./-]*$/;
const KEYWORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
/** A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON). */
export const scalar = (s: string): string => (PLAIN.test(s) && !KEYWORDS.test(s) ? s : JSON.stringify(s));

const EPOCHS = 20;

export function renderPipeline(d: Detected, p: Plan): string {
  const s = p.season;
  const source = [`path: ${scalar(d.path)}`, ...(d.time ? [`time: ${scalar(d.time)}`] : []), ...(d.series ? [`series: ${scalar(d.series)}`] : []),
    `columns: [${d.inputs.map(scalar).join(', ')}]`, ...(d.missing ? [`missing: ${d.missing}`] : [])].join(', ');
  const split = p.split.kind === 'holdout'
    ? [
      '  split:',
      '    uses: splitter/holdout',
      '    from: windows',
      `    with: { test: ${p.split.test} }   # the last ${p.split.test} rows of every series, forecast from the origin just before them (M4)`,
    ]
    : [
      '  split:',
      `    uses: splitter/backtest   # ${p.split.folds} folds: each re-fits the scaler and trains its own model`,
      '    from: windows',
      `    with: { folds: ${p.split.folds}, test: ${p.split.test}, gap: ${p.split.gap}, mode: expanding }   # gap: no training target is a test target`,
    ];
  const evaluate = (id: string, model: string): string =>
    `  ${id}: { uses: evaluator/regression, from: { model: ${model}, data: split, baseline: naive2 }, with: { period: ${s}, metrics: [mae, smape, mase] } }`;
  const lines = [
    `# Written by \`seqpipe init ${d.shown}\`.`,
    `# A recurrent model (GRU) beside the ${s > 1 ? 'naive, seasonal naive and' : 'naive and'} Theta baselines, each scored with`,
    '# skill and OWA against Naive2, then a forecast past the end of the data.',
    '#',
    ...d.about.map((l) => `# ${l}`),
    `#   horizon ${p.horizon}, lookback ${p.lookback}${p.stride > 1 ? `, stride ${p.stride}` : ''} (about ${p.trainWindows} training windows${p.split.kind === 'backtest' ? ' in the earliest fold' : ''})`,
    ...p.notes.map((l) => `#   ${l}`),
    ...(d.choices.length ? ['#', '# Choices:', ...d.choices.map((l) => `#   ${l}`)] : []),
    '#',
    `# Check it with \`seqpipe validate FILE\`, run it with \`seqpipe run FILE\` (\`--set train.epochs=1\` for a quick look).`,
    `name: ${scalar(d.name)}`,
    'seed: 1',
    '',
    'stages:',
    '  data:',
    `    uses: source/${d.format}`,
    `    with: { ${source} }`,
    '',
    '  scaled:',
    '    uses: scaler/minmax',
    `    from: data   # ${d.series ? 'per series, ' : ''}${p.split.kind === 'backtest' ? "re-fitted on each fold's training rows" : 'fitted on the training rows only'}`,
    '  windows:',
    '    uses: windower/sliding',
    '    from: scaled',
    `    with: { lookback: ${p.lookback}, horizon: ${p.horizon}${p.stride > 1 ? `, stride: ${p.stride}` : ''}${d.inputs.length > 1 ? `, target: ${scalar(d.target)}, features: all` : ''}, dropLast: false }`,
    ...split,
    '',
    '  model:',
    '    uses: model/rnn',
    '    with:',
    '      layers:',
    '        - { cell: gru, units: 32 }',
    '  train:',
    '    uses: trainer/tfjs',
    '    from: { model: model, data: split }',
    `    with: { optimizer: adam, learningRate: 0.005, loss: mae, epochs: ${EPOCHS}, batchSize: ${p.trainWindows > 5000 ? 128 : 32} }`,
    '',
    `  # Baselines: they undo the scaler, so they forecast in the data's own units.${s > 1 ? '' : ' No season: no seasonal naive.'}`,
    '  naive: { uses: baseline/naive, from: split }',
    ...(s > 1 ? [`  seasonal: { uses: baseline/seasonal, from: split, with: { period: ${s} } }`] : []),
    `  theta: { uses: baseline/theta, from: split, with: { period: ${s} } }`,
    `  naive2: { uses: baseline/naive2, from: split, with: { period: ${s} } }   # the M4's reference for OWA`,
    '',
    `  # Test scores in original units; skill_* and owa against naive2; MASE scaled by the ${s > 1 ? `seasonal (${s}) ` : ''}naive.`,
    evaluate('test_gru', 'train'),
    evaluate('test_naive', 'naive'),
    ...(s > 1 ? [evaluate('test_seasonal', 'seasonal')] : []),
    evaluate('test_theta', 'theta'),
    '',
    '  forecast:',
    '    uses: predictor/next',
    '    from: { model: train, data: split }',
    `    with: { from: end, steps: ${p.horizon} }   # ${d.series ? 'every series, ' : ''}${p.horizon} steps past the end of the data`,
    ...(p.split.kind === 'backtest' ? [`    # In a backtest each fold's model forecasts; fold${p.split.folds}'s trained on the most rows.`] : []),
    '',
  ];
  return lines.join('\n');
}
