/** Types for abort-harness.mjs (a plain script, so it runs without a build step). */
export interface AbortTrial {
  readonly trial: number;
  readonly mode: string;
  readonly extra: string;
  readonly status: string;
  readonly code: string;
  readonly stoppedIn: string;
  readonly problems: readonly string[];
}
export interface AbortReport {
  readonly duration: number;
  readonly readSeconds: number;
  readonly peakMb: number;
  readonly bytes: number;
  readonly rows: number;
  readonly results: readonly AbortTrial[];
}
export function runTrials(options?: { rows?: number; trials?: number; rewrites?: number; seed?: number; log?: (line: string) => void }): Promise<AbortReport>;
export function summarize(report: AbortReport, options: { seed: number; command: string }): string;
