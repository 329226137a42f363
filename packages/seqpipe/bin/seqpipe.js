#!/usr/bin/env node
// `npx seqpipe`: the CLI's own launcher (it picks the bundle or the compiled modules).
import '@seqpipe/cli/bin';
