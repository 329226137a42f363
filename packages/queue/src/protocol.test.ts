import { SeqpipeError, type JobSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redactUrl } from './connection.js';
import { decodeError, encodeError } from './protocol.js';

const job: JobSpec = { key: 'k'.repeat(64), uses: 'source/csv', pluginVersion: '1', params: {}, inputs: {}, seed: 0, pipelineDir: '/p', stage: 'series' };

describe('queue protocol', () => {
  it('carries a stage\'s coded error with its own file position through failedReason', () => {
    const thrown = new SeqpipeError('E_CSV_VALUE', 'bad cell', { file: '/p/data.csv', line: 4, col: 12, stage: 'series', exitCode: 1 });
    const back = decodeError(encodeError(thrown, job), job);
    expect(back).toBeInstanceOf(SeqpipeError);
    expect(back).toMatchObject({ code: 'E_CSV_VALUE', message: 'bad cell', file: '/p/data.csv', line: 4, col: 12, stage: 'series', exitCode: 1 });
  });

  it('an uncoded throw is E_STAGE_FAILED; BullMQ\'s own reasons are E_QUEUE_JOB_FAILED', () => {
    expect(decodeError(encodeError(new Error('boom'), job), job)).toMatchObject({ code: 'E_STAGE_FAILED', stage: 'series' });
    expect(decodeError('job stalled more than allowable limit', job)).toMatchObject({ code: 'E_QUEUE_JOB_FAILED', stage: 'series' });
    expect(decodeError(undefined, job)).toMatchObject({ code: 'E_QUEUE_JOB_FAILED' });
  });

  it('accepts redis:// and rediss:// URLs only, and never prints a password', () => {
    expect(parseQueueUrl('rediss://:pw@h:6380/1').protocol).toBe('rediss:');
    for (const bad of ['http://h:1', 'h:6379', 'redis://']) expect(() => parseQueueUrl(bad)).toThrow(expect.objectContaining({ code: 'E_QUEUE_URL', exitCode: 2 }));
    expect(redactUrl('redis://user:s3cret@h:6379/2')).toBe('redis://user:***@h:6379/2');
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});
