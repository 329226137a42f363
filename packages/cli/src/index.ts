export { Seqpipe, invalid, type SeqpipeOptions, type LoadOptions, type RunOptions, type Loaded } from './seqpipe.js';
export { main, HELP, reportError } from './main.js';
export { runSummary } from './reporters/json.reporter.js';
