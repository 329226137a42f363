export { Seqpipe, invalid, type SeqpipeOptions, type LoadOptions, type RunOptions, type Loaded, type RunOutcome, type SweepRunOptions } from './seqpipe.js';
export { main, HELP, reportError } from './main.js';
export { runSummary } from './reporters/json.reporter.js';
