/** This seqpipe's version (the CLI package's): queue workers refuse jobs planned with another. */
import { createRequire } from 'node:module';

export const SEQPIPE_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
