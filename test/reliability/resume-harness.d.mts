/** Types for resume-harness.mjs (a plain script, so it runs without a build step). */
import type { ChildProcess } from 'node:child_process';

export interface RunHandle {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}
export interface ResumeTrial {
  readonly trial: number;
  readonly delayMs: number;
  readonly resumedFrom?: { epoch: number; epochs: number };
  readonly problems: readonly string[];
}
export const RESUME_SETS: readonly string[];
export function startRun(stateDir: string, extra?: readonly string[]): RunHandle;
export function checkpointsIn(stateDir: string): { key: string; digest: string; stage: string; epoch: number; epochs: number }[];
export function whenCheckpointed(stateDir: string, run: RunHandle): Promise<boolean>;
export function outcomeOf(out: unknown): string;
export function runResumeTrials(options?: { trials?: number; seed?: number; log?: (line: string) => void }): Promise<{ results: readonly ResumeTrial[] }>;
