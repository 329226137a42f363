/**
 * Every error code seqpipe reports, with its message factory. Codes are stable: scripts and tests
 * depend on them; messages may improve.
 */
const list = (items: readonly string[]): string => items.map((s) => `"${s}"`).join(', ');
const didYouMean = (s: string | undefined): string => (s ? ` — did you mean "${s}"?` : '');

export const messages = {
  // Pipeline file (exit 2)
  E_FILE_NOT_FOUND: (file: string) => `cannot read pipeline file "${file}"`,
  E_YAML_SYNTAX: (detail: string) => `YAML syntax error: ${detail}`,
  E_NOT_A_MAPPING: (what: string) => `${what} must be a mapping of keys to values`,
  E_UNKNOWN_KEY: (key: string, valid: readonly string[], suggestion?: string) =>
    `unknown key "${key}"${didYouMean(suggestion)}; valid keys: ${list(valid)}`,
  E_MISSING_KEY: (key: string, where: string) => `missing required key "${key}" in ${where}`,
  E_INVALID_VALUE: (path: string, detail: string) => `${path}: ${detail}`,
  E_UNKNOWN_PLUGIN: (uses: string, suggestion?: string) =>
    `unknown plugin "${uses}"${didYouMean(suggestion)}; run "seqpipe plugins" to list them`,
  E_DUPLICATE_STAGE: (id: string) => `stage id "${id}" is defined twice; stage ids must be unique`,
  E_DUPLICATE_KEY: (key: string) => `key "${key}" appears twice in the same mapping; keep one`,
  E_INVALID_STAGE_ID: (id: string) =>
    `stage id ${id.length > 40 ? `"${id.slice(0, 40)}…" (${id.length} characters)` : `"${id}"`} must match [A-Za-z_][A-Za-z0-9_-]* and be at most 64 characters (it names folders under runs/)`,
  E_UNKNOWN_STAGE_REF: (ref: string, suggestion?: string) =>
    `no stage named "${ref}"${didYouMean(suggestion)}`,
  E_UNKNOWN_PORT: (port: string, uses: string, valid: readonly string[]) =>
    `"${uses}" has no input "${port}"; its inputs: ${valid.length ? list(valid) : '(none)'}`,
  E_MISSING_INPUT: (port: string, uses: string, kind: string) =>
    `"${uses}" needs input "${port}" (a ${kind}); add it under "from"`,
  E_AMBIGUOUS_INPUT: (uses: string, ports: readonly string[]) =>
    `"${uses}" has several inputs (${list(ports)}); name them: from: { port: stage }`,
  E_PORT_TYPE: (port: string, expected: string, ref: string, actual: string) =>
    `input "${port}" expects a ${expected}, but stage "${ref}" produces a ${actual}`,
  E_DUPLICATE_INPUT: (port: string, ref: string) =>
    `input "${port}" lists stage "${ref}" twice; name each member once (use \`seeds\` for copies of one model)`,
  E_EMPTY_INPUT_LIST: (port: string) => `input "${port}" lists no stages; name at least one`,
  E_NOT_A_LIST: (port: string, uses: string) =>
    `input "${port}" of "${uses}" takes one stage, not a list`,
  E_ENSEMBLE_MISMATCH: (what: string, detail: string) =>
    `ensemble members disagree on ${what} (${detail}); members must forecast the same windows`,
  E_SEEDS_NOT_RANDOM: (ref: string) =>
    `member "${ref}" depends on no random stage, so every seed would give the same member; drop \`seeds\` or name a trained model`,
  E_CYCLE: (path: readonly string[]) => `stages form a cycle: ${path.join(' -> ')}`,
  E_WINDOW_TOO_LONG: (need: number, length: number) =>
    `windows need ${need} rows but the series has ${length}; lower lookback or use more points`,
  E_SPLIT_RANGE: (detail: string) => `split fractions invalid: ${detail}`,
  E_EMPTY_PART: (part: string, windows: number) =>
    `the ${part} part would be empty (${windows} windows in all); change the fractions or use more data`,
  E_MISSING_PART: (part: string, parts: readonly string[]) =>
    `the split has no ${part} part (it has ${list(parts)}); choose one of those or give the splitter a ${part} fraction`,
  E_HOLDOUT_RANGE: (detail: string) => `holdout invalid: ${detail}`,
  E_PANEL_UNSUPPORTED: (uses: string, detail: string) => `${uses} does not work on a panel of several series yet: ${detail}`,
  E_ONE_TARGET: (uses: string, targets: number) =>
    `${uses} forecasts one target column, but the windows predict ${targets}; window the series with one target column (windower/sliding's target)`,
  E_BAD_SET: (arg: string, detail: string) => `--set ${arg}: ${detail}`,
  E_USAGE: (detail: string) => detail,
  // Plugins a pipeline names under `plugins:` (exit 2)
  E_PLUGIN_LOAD: (entry: string, detail: string) =>
    `cannot load plugin "${entry}": ${detail}; a path is relative to the pipeline file, a package is resolved from the pipeline's folder (npm install it there)`,
  E_PLUGIN_INVALID: (entry: string, detail: string) =>
    `plugin "${entry}" does not export valid stages: ${detail}; its default export must be a stage definition (what defineStage returns) or an array of them`,
  E_PLUGIN_CONFLICT: (entry: string, uses: string, other: string) =>
    `plugin "${entry}" registers "${uses}", which ${other} registers too; give the stage another uses name`,
  // Saved runs: show, compare, report, predict (exit 2)
  E_RUN_NOT_FOUND: (ref: string, stateDir: string, suggestion?: string) =>
    `no run matches "${ref}" in ${stateDir}${didYouMean(suggestion)}; give a run id, a unique id prefix, a run name or "latest" (list them: seqpipe runs)`,
  E_RUN_AMBIGUOUS: (ref: string, matches: readonly string[]) =>
    `"${ref}" matches ${matches.length} runs (${list(matches.slice(0, 5))}${matches.length > 5 ? ', …' : ''}); give more of the id`,
  E_RUN_NO_MODEL: (runId: string, detail: string) => `run ${runId} cannot forecast: ${detail}`,
  E_RUN_UNFINISHED: (runId: string, status: string, predictor: string, cause: string, file: string) =>
    `run ${runId} ${status === 'interrupted' ? 'was interrupted' : status} (${cause}) before its predictor "${predictor}" finished, so it has no forecast; run the pipeline again (seqpipe run ${file}) and predict from that run`,
  E_RUN_CORRUPT: (runId: string, detail: string, file = 'run.json') =>
    `the record of run ${runId} is damaged: its ${file} is ${detail}; restore the file, or remove the run's folder if the run is not needed`,
  E_UNKNOWN_SERIES: (id: string, ids: readonly string[], suggestion?: string) =>
    `no series "${id}" in the data${didYouMean(suggestion)}; its ${ids.length} series: ${list(ids.slice(0, 5))}${ids.length > 5 ? ', …' : ''}`,
  E_PREDICT_INPUT: (runId: string, source: string) =>
    `--input reads a CSV the way the run's source/csv read its data, but run ${runId} reads ${source}; use a run whose source is source/csv`,
  // Training engines (issue 7)
  E_CLIP_BOTH: () => 'set clipNorm or clipValue, not both (Keras allows one); remove one of them',
  E_QUANTILES_MISSING: () => 'loss: quantile needs quantiles, e.g. quantiles: [0.025, 0.5, 0.975] (0.5 is the point forecast; each pair q, 1 − q gives a central interval)',
  E_QUANTILES_INVALID: (detail: string) =>
    `${detail}; quantiles must be numbers strictly between 0 and 1, ascending, without repeats, including 0.5 (the point forecast), and go with loss: quantile`,
  E_MONITOR_NO_VALIDATION: (param: string, parts: readonly string[]) =>
    `${param} monitors the validation loss (val_loss) but the split has no validation part${parts.length ? ` (it has ${list(parts)})` : ''}; give the splitter a validation fraction, or set ${param}.monitor: loss to monitor the training loss`,
  E_LOCAL_NO_TRAIN: (count: number, total: number, ids: readonly string[]) =>
    `${count} of ${total} series have validation or test windows but no training window (${list(ids.slice(0, 5))}${count > 5 ? ', …' : ''}), and local: true trains each series on its own windows only; give those series more rows (or use a shorter lookback or test part), drop them from the data, or train one global model (remove local: true)`,
  // Running (exit 1)
  E_STAGE_FAILED: (stage: string, detail: string) => `stage "${stage}" failed: ${detail}`,
  E_CACHE_CORRUPT: (digest: string) => `cached object ${digest.slice(0, 12)}… failed its digest check; recomputing`,
  E_INTERRUPTED: () => 'run interrupted',
  E_STAGE_STALLED: (stage: string) =>
    `stage "${stage}" can never finish: it awaits a promise that nothing is left to settle (no timer, I/O or worker pending); this is a bug in the stage's code`,
  E_BACKEND_UNAVAILABLE: (detail: string) => `no TensorFlow.js backend could be loaded: ${detail}`,
  E_KERNELS_UNAVAILABLE: (reason: string) =>
    `SEQPIPE_KERNELS=native, but the fused engine's native kernels are ${reason}; run \`npm run setup-native\` on a CPU with AVX-512, or unset SEQPIPE_KERNELS (the WASM kernels run)`,
  // Evaluation: transforms, scalers' fit extent, backtests
  E_LOG_DOMAIN: (column: string, row: number, value: number, offset: number) =>
    `transform/log: column "${column}" has ${value} at row ${row}, not above −offset (${-offset}); raise offset above ${-value}`,
  E_FAN_OUT_TWICE: (first: string, second: string) =>
    `stages "${first}" and "${second}" both fan out into folds; a pipeline may have one backtest splitter`,
  E_FIT_EXTENT: (stage: string) =>
    `"${stage}" fits on the training rows, but its output forks or passes a stage whose effect on rows is unknown, so they cannot be found; set fitFraction to choose its rows`,
  E_BACKTEST_RANGE: (detail: string) => `backtest folds do not fit: ${detail}`,
  // Native backend setup (scripts/setup-native.js, exit 1): each says what to install
  E_NATIVE_UNSUPPORTED: (platform: string) =>
    `npm run setup-native supports Linux x86-64 only (this is ${platform}); seqpipe keeps using the WASM backend here`,
  E_NATIVE_NO_PIP: (detail: string) =>
    `pip is needed to download the tensorflow-cpu wheel (${detail}); install Python 3 with pip (Debian/Ubuntu: apt-get install python3-pip), then run npm run setup-native again`,
  E_NATIVE_NO_COMPILER: (detail: string) =>
    `a C++ compiler is needed to build the tfjs-node binding (${detail}); install one (Debian/Ubuntu: apt-get install g++, or set CXX), then run npm run setup-native again`,
  E_NATIVE_NO_MAKE: () =>
    'make is needed to build the tfjs-node binding; install it (Debian/Ubuntu: apt-get install make), then run npm run setup-native again',
  E_NATIVE_NO_NODE_HEADERS: (version: string, log: string) =>
    `the Node ${version} headers (node_api.h) were not found locally and node-gyp could not download them (see ${log}); install them (Debian/Ubuntu with NodeSource: they come with the nodejs package; otherwise npm config set nodedir DIR, DIR holding include/node), then run npm run setup-native again`,
  E_NATIVE_DOWNLOAD: (wheel: string, detail: string) =>
    `pip could not download ${wheel} (${detail}); check access to PyPI (pip config, proxy), then run npm run setup-native again`,
  E_NATIVE_INSTALL: (pkg: string, detail: string) => `could not install ${pkg} (${detail}); check access to the npm registry`,
  E_NATIVE_BUILD: (log: string) => `building the tfjs-node binding failed; the compiler output is in ${log}`,
  E_NATIVE_KERNELS_BUILD: () => "building the fused engine's native kernels (packages/kernels/native/fused-kernels.cc) failed; the compiler output is above",
  E_NATIVE_LOAD: (detail: string) =>
    `the tfjs-node binding was built but does not load (${detail}); remove node_modules/@tensorflow/tfjs-node and run npm run setup-native again`,
  // Model families (issue 16)
  E_NBEATS_PARAM: (stack: number, type: string, param: string, owner: string) =>
    `stacks[${stack}] is a ${type} stack, but ${param} applies to ${owner} stacks only; remove it or change the stack's type`,
  E_NBEATS_HARMONICS: (harmonics: number, period: number) =>
    `${harmonics} harmonics need a period of at least ${2 * harmonics} steps (period ${period}); above period / 2 the Fourier terms repeat lower ones`,
  E_MODEL_LOOKBACK: (what: string, need: number, lookback: number) =>
    `${what} needs a lookback of at least ${need} steps, but the windows have ${lookback}; lower it or window the series with a longer lookback`,
  // Training engines (fused engine, issue 7)
  E_ENGINE_UNSUPPORTED: (detail: string) =>
    `engine "fused" cannot train this network: ${detail}; use engine "auto" (falls back to layers) or "layers"`,
  // Reliability: hostile pipeline files (exit 2)
  E_PIPELINE_TOO_LARGE: (bytes: number, limit: number) =>
    `the pipeline file is ${bytes} bytes; seqpipe reads pipeline files up to ${limit} bytes (keep data in source files, not in the pipeline)`,
  E_YAML_TOO_DEEP: (limit: number) => `collections are nested more than ${limit} levels deep; a pipeline never needs that many`,
  E_YAML_ALIASES: (limit: number) =>
    `aliases expand to more than ${limit} nodes (an alias bomb?); write the values out or use fewer aliases`,
  // Reliability: the state directory and resource bounds (exit 1)
  E_STATE_NOT_DIR: (path: string) => `"${path}" is not a directory; point --state-dir at a directory (or a path that does not exist yet)`,
  E_STATE_NO_SPACE: (path: string) => `no space left on the device while writing "${path}"; free space or use another --state-dir`,
  E_STATE_READ_ONLY: (path: string) => `"${path}" is on a read-only file system; use a writable --state-dir`,
  E_STATE_PERMISSION: (path: string) => `permission denied for "${path}"; fix its permissions or use another --state-dir`,
  E_STATE_IO: (path: string, detail: string) => `cannot use "${path}": ${detail}`,
  E_STATE_LOST: (stateDir: string, stages: readonly string[]) =>
    `the outputs of ${list(stages)} vanished from "${stateDir}" while the run went on (was the state dir deleted or cleared?); run it again`,
  E_TOO_MANY_FILES: (path: string) =>
    `this process ran out of file descriptors at "${path}"; raise the limit (ulimit -n) or run less at once (fewer --jobs or variants)`,
  E_VALUE_OVERFLOW: (uses: string, detail: string) =>
    `${uses}: ${detail}; the values are too large for this arithmetic: rescale the column (divide it by a power of ten) or add transform/log before this stage`,
  E_LOSS_NOT_FINITE: (epoch: number, loss: number, learningRate: number) =>
    `the training loss became ${loss} at epoch ${epoch}; lower learningRate (now ${learningRate}) or clip gradients (clipNorm/clipValue); nothing was cached`,
  // Resource limits: `what` names what was bounded (a `run`, or a whole `sweep`).
  E_TIME_LIMIT: (seconds: number, what: 'run' | 'sweep' = 'run') =>
    `the ${what} exceeded --max-seconds ${seconds} and was stopped; the cache is intact, finished stages stay cached`,
  E_MEMORY_LIMIT: (usedMb: number, limitMb: number, what: 'run' | 'sweep' = 'run') =>
    `the ${what} used ${usedMb} MB of memory, over --max-memory ${limitMb}; stopped (use smaller batches or data, or raise the limit)`,
  E_INTERNAL: (detail: string) => `internal error: ${detail}`,
  // Intervals (issue 16)
  E_CONFORMAL_TOO_FEW: (level: number, need: number, have: number, part: string) =>
    `interval/conformal: a ${level}% interval needs at least ${need} calibration residuals per horizon step (the ⌈(n + 1)·${level / 100}⌉-th smallest must exist; fewer would need an infinite width), but the ${part} part has ${have}; give the splitter a larger ${part} part, or lower the level`,
  E_CONFORMAL_UNCALIBRATED: (series: string) =>
    `interval/conformal: series "${series}" had no calibration window and no in-sample scale, so it has no interval; give it rows before the calibration part, or calibrate on data that holds it`,
  E_ARTIFACT_SHAPE: (stage: string, uses: string, kind: string, problem: string) =>
    `stage "${stage}" (${uses}) returned a malformed ${kind}: ${problem}; nothing was cached — its run() must return a well-formed ${kind}`,
  // CSV source (source/csv): located at the CSV's own line:col when found while reading it (exit 1
  // while running), at the pipeline's `with.<param>` when found by validate (exit 2).
  E_CSV_NOT_FOUND: (file: string, detail: string) =>
    `cannot read CSV file "${file}" (${detail}); "path" is relative to the pipeline file's folder`,
  E_CSV_EMPTY: (file: string, detail: string) => `CSV file "${file}" has no data rows${detail}`,
  E_CSV_TOO_LARGE: (file: string, bytes: number, limit: number) =>
    `CSV file "${file}" is ${bytes} bytes, over the ${limit}-byte limit; set SEQPIPE_CSV_MAX_BYTES to raise it`,
  E_CSV_PARSE: (detail: string) => `malformed CSV: ${detail}`,
  E_CSV_MISSING_COLUMN: (column: string, param: string, available: readonly string[], suggestion?: string) =>
    `no column "${column}" (named by "${param}")${didYouMean(suggestion)}; the file's columns: ${list(available)}`,
  E_CSV_NO_COLUMNS: (detail: string) => `no numeric value columns${detail}; name them with "columns"`,
  E_CSV_VALUE: (column: string, cell: string, expected: string) =>
    `column "${column}": ${JSON.stringify(cell)} is not ${expected}`,
  E_CSV_MISSING_VALUE: (column: string, detail: string) =>
    `column "${column}" has a missing value${detail}`,
  E_CSV_DUPLICATE_TIME: (time: string, firstLine: number) =>
    `duplicate timestamp ${time} (first on line ${firstLine}); each row needs its own time — filter with "where" or remove one`,
  E_INPUT_CHANGED: (file: string) =>
    `"${file}" changed while seqpipe read it: the bytes read differ from those the run was keyed by, so nothing was stored; re-run once the file stops changing`,
  // DuckDB-backed sources (source/parquet, source/sql): `table` names what was read — a Parquet
  // file, or the query's result. At the pipeline's `with.<param>` from validate (exit 2), else at
  // the file or the stage while running (exit 1).
  E_DATA_NOT_FOUND: (file: string, detail: string, param: string) =>
    `cannot read "${file}" (${detail}); "${param}" is relative to the pipeline file's folder`,
  E_PARQUET_INVALID: (file: string, detail: string) => `"${file}" is not a readable Parquet file: ${detail}`,
  E_SQL: (detail: string) => `the query failed: ${detail}`,
  E_DUCKDB_UNAVAILABLE: (detail: string) =>
    `DuckDB, which source/parquet and source/sql run on, could not be loaded (${detail}); reinstall with npm ci so that @duckdb/node-api's binary for this platform is present`,
  E_DATA_MISSING_COLUMN: (column: string, param: string, table: string, available: readonly string[], suggestion?: string) =>
    `no column "${column}" (named by "${param}") in ${table}${didYouMean(suggestion)}; its columns: ${list(available)}`,
  E_DATA_COLUMN_TYPE: (column: string, type: string, param: string, expected: string) =>
    `column "${column}" (named by "${param}") is ${type}, not ${expected}; cast it in SQL (source/sql) or choose another column`,
  E_DATA_NO_COLUMNS: (table: string, types: string) => `${table} has no numeric value column (${types}); name them with "columns"`,
  E_DATA_VALUE: (column: string, row: string, value: string, expected: string) =>
    `column "${column}", ${row}: ${value} is not ${expected}`,
  E_DATA_MISSING_VALUE: (column: string, row: string, detail: string) => `column "${column}" has a missing value (NULL or NaN) at ${row}${detail}`,
  E_DATA_DUPLICATE_TIME: (time: string, row: string, first: string) =>
    `duplicate timestamp ${time} at ${row} (first at ${first}); each row needs its own time — filter the rows or remove one`,
  E_DATA_EMPTY: (table: string, detail: string) => `${table} has no rows${detail}`,
  E_SERIES_TOO_SHORT: (need: number, length: number, parts?: string) =>
    `windows need ${need} rows${parts ? ` (${parts})` : ''} but the series read has ${length}; lower lookback (or horizon), widen "where", or use more data`,
  // Plans, jobs and sweeps (exit 2 for the sweep spec, 1 while running)
  E_BAD_GRID: (what: string, detail: string) => `${what}: ${detail}`,
  E_BAD_SEEDS: (what: string, detail: string) => `${what}: ${detail}; write a list (1,3,7) or a range (1..5)`,
  E_SWEEP_TOO_LARGE: (count: number, limit: number) =>
    `the sweep has ${count} variants, more than the limit of ${limit} (each variant is a validated pipeline in memory and a run folder); vary fewer values or seeds, or raise the limit with SEQPIPE_MAX_VARIANTS=N`,
  E_INPUT_MISSING: (port: string, digest: string) =>
    `input "${port}" (object ${digest.slice(0, 12)}…) is missing or failed its digest check; it will be recomputed`,
  E_PLUGIN_MISMATCH: (uses: string, wanted: string, have: string | undefined) =>
    `this worker cannot run "${uses}" v${wanted}: it has ${have ? `v${have}` : 'no such plugin'}; install the same plugins on every worker`,
  // Runs, reports and the cache (issue 8: runs/show/compare/status/report/cache)
  E_IS_DIRECTORY: (file: string) => `"${file}" is a directory, not a pipeline file; give a .yaml file, e.g. pipelines/sine-rnn.yaml`,
  // seqpipe init DATA (exit 2)
  E_INIT_UNREADABLE: (file: string, detail: string) => `cannot read data file "${file}": ${detail}; give a CSV or Parquet file`,
  E_INIT_NOT_TABLE: (file: string, detail: string) => `"${file}" is not a table seqpipe can read: ${detail}; give a CSV (a header, then a row per time) or a Parquet file`,
  E_INIT_NO_VALUES: (file: string, columns: string) => `"${file}" has no numeric column to forecast (${columns}); a value column holds numbers only (empty, NA and NaN cells are gaps)`,
  E_INIT_TOO_SHORT: (file: string, rows: number, need: number) =>
    `"${file}" has ${rows} rows in its longest series; a pipeline needs at least ${need} (a training window, a horizon held out and one to score)`,
  E_INIT_EXISTS: (file: string) => `"${file}" exists; pass --force to overwrite it, or --out FILE to write elsewhere`,
  E_WRITE_FAILED: (file: string, detail: string) => `cannot write "${file}": ${detail}; check that its folder exists and is writable`,
  E_RUN_INCOMPLETE: (runId: string) => `run ${runId} has no run.json: it crashed or is still running`,
  E_OBJECT_CORRUPT: (digest: string, path: string) => `object ${digest} does not hash to its name (${path}); run "seqpipe cache gc" after removing it, or "seqpipe cache clear"`,
  // Sweeps: reports and limits (issue 8, sweep follow-up; exit 2 for a reference)
  E_SWEEP_NOT_FOUND: (ref: string, stateDir: string, suggestion?: string) =>
    `no sweep matches "${ref}" in ${stateDir}${didYouMean(suggestion)}; give a sweep id, a unique id prefix, a sweep --name or "latest" (the ids are the names in sweeps/)`,
  E_SWEEP_AMBIGUOUS: (ref: string, matches: readonly string[]) =>
    `"${ref}" matches ${matches.length} sweeps (${list(matches.slice(0, 5))}${matches.length > 5 ? ', …' : ''}); give more of the id`,
  // Cluster: the BullMQ queue runner and `seqpipe worker` (issue 10)
  E_QUEUE_URL: (url: string, detail: string) =>
    `--queue "${url}": ${detail}; give redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://… for TLS`,
  E_QUEUE_CONNECT: (url: string, detail: string) =>
    `cannot use the queue at ${url}: ${detail}; check that Redis runs there, and the password (redis://:PASSWORD@HOST:PORT) or TLS (rediss://)`,
  E_QUEUE_VERSION: (wanted: string, have: string) =>
    `this worker runs seqpipe ${have} but the job was planned with seqpipe ${wanted}; run the same seqpipe version on the submitting machine and every worker`,
  E_QUEUE_STORE: (stage: string, key: string) =>
    `a worker ran stage "${stage}" but its output (key ${key.slice(0, 12)}…) is not in this state directory; give the workers and this command the same shared --state-dir`,
  E_QUEUE_EXTERNAL: (stage: string, path: string) =>
    `stage "${stage}" reads a file that differs on this worker from the one the run was planned with (under ${path}); give every host the same files at the same paths (a shared file system)`,
  E_QUEUE_JOB_FAILED: (stage: string, detail: string) =>
    `stage "${stage}" failed on the queue: ${detail}; see the workers' output`,
  // Resumable training (issue 9: checkpoints)
  W_CHECKPOINT_IGNORED: (stage: string, detail: string) =>
    `the checkpoint of stage "${stage}" ${detail}; ignoring it and training from epoch 1`,
  // MLflow tracking (issue 18): a tracker never fails a run; `seqpipe track` sends a recorded one later
  W_TRACKING_FAILED: (what: string, uri: string, detail: string, retry: string) =>
    `${what} not logged to MLflow at ${uri}: ${detail}; the run is recorded here: send it later with "${retry}"`,
  E_TRACKING_FAILED: (runId: string, uri: string, detail: string) =>
    `cannot log run ${runId} to MLflow at ${uri}: ${detail}; check that "mlflow server" runs there (with --serve-artifacts for the run's files)`,
  // Warnings
  W_CONFORMAL_TRAIN: () =>
    'calibrating on the training part gives optimistic intervals: the model was fitted to those points, so their residuals are smaller than on new data and the intervals cover less than their level; calibrate on a validation part (the splitter\'s validation fraction)',
  W_SCALER_LEAK: (detail: string) =>
    `the scaler is fitted on ${detail}, so validation or test values leak into training (as in the tutorial); remove fitFraction to fit on the training rows only`,
} as const;

export type ErrorCode = keyof typeof messages;
