/**
 * Checks for `loss: quantile` (quantile regression): the quantiles are the innermost output axis
 * of the network ([horizon, targets, Q] per window) and must be strictly inside (0, 1), ascending,
 * without repeats, and include 0.5, the point forecast predict/forecast return. Each symmetric
 * pair (q, 1 − q) gives a central interval at level (1 − 2q)·100; unpaired quantiles are trained
 * but give no interval.
 */
import { messages, type StageIssue } from '@seqpipe/core';
import { medianIndex } from '@seqpipe/kernels';
import type { TrainingParams } from './training-params.js';

const invalid = (path: (string | number)[], detail: string): StageIssue =>
  ({ code: 'E_QUANTILES_INVALID', severity: 'error', path, message: messages.E_QUANTILES_INVALID(detail) });

export function quantileIssues(params: Pick<TrainingParams, 'loss' | 'quantiles'>): StageIssue[] {
  const q = params.quantiles;
  if (params.loss !== 'quantile') {
    return q === undefined ? [] : [invalid(['quantiles'], `quantiles are only used with loss: quantile (loss is ${params.loss ?? 'mse'})`)];
  }
  if (q === undefined) return [{ code: 'E_QUANTILES_MISSING', severity: 'error', path: ['loss'], message: messages.E_QUANTILES_MISSING() }];
  if (!Array.isArray(q) || q.length === 0) return [invalid(['quantiles'], 'quantiles is empty')];
  for (const [i, v] of q.entries()) {
    if (typeof v !== 'number' || !(v > 0 && v < 1)) return [invalid(['quantiles', i], `quantile ${String(v)} is not strictly between 0 and 1`)];
    if (i > 0 && !(v > q[i - 1]!)) return [invalid(['quantiles', i], `quantile ${v} does not come after ${q[i - 1]} (ascending, no repeats)`)];
  }
  if (medianIndex(q) < 0) return [invalid(['quantiles'], `quantiles ${q.join(', ')} do not include 0.5`)];
  return [];
}
