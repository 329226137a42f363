/** What a run tells its reporters while it executes (terminal lines, progress bars, warnings). */
import type { ProgressEvent } from '../contract.js';
import type { StageRecord } from '../runs/run-record.js';
import type { ResolvedStage } from '../spec/resolved-pipeline.js';

export interface ExecuteHooks {
  /** `cached` false: the stage starts running here; true: it is a hit (or another variant ran it). */
  stageStart?(stage: ResolvedStage, cached: boolean): void;
  stageEnd?(record: StageRecord): void;
  progress?(stage: string, event: ProgressEvent): void;
  log?(stage: string, level: 'info' | 'warn', message: string): void;
}
