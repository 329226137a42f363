#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via "prepare").
import { main, reportError } from '../dist/main.js';

// A failure outside main's own error handling (a stray promise) is still one coded line, not a trace.
for (const event of ['uncaughtException', 'unhandledRejection']) process.on(event, (error) => process.exit(reportError(error)));

process.exit(await main(process.argv.slice(2)));
