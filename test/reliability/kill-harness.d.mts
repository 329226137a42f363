/** Types for kill-harness.mjs (a plain script, so it runs without a build step). */
export interface TrialResult {
  readonly trial: number;
  readonly delayMs: number;
  readonly phase: string;
  readonly incomplete: number;
  readonly problems: readonly string[];
}
export interface HarnessReport {
  readonly duration: number;
  readonly results: readonly TrialResult[];
}
export function runTrials(options?: { trials?: number; seed?: number; log?: (line: string) => void }): Promise<HarnessReport>;
export function summarize(report: HarnessReport, options: { seed: number; command: string }): string;
export function seeded(seed: number): () => number;
export function storeProblems(stateDir: string): string[];
export function runsOf(stateDir: string): { id: string; record?: { status: string } }[];
