/** A StageContext for plugin unit tests: records logs and progress, and can be aborted. */
import { createRng } from '../random/rng.js';
import type { ProgressEvent, StageContext } from '../contract.js';

export interface TestContext extends StageContext {
  /** Everything logged, prefixed with its level: 'info: ...', 'warn: ...'. */
  readonly logs: string[];
  /** Every progress event reported. */
  readonly events: ProgressEvent[];
  /** Aborts `signal`, to test cancellation. */
  abort(): void;
}

export function testContext(stageId = 'test', seed = 42, pipelineDir = process.cwd()): TestContext {
  const controller = new AbortController();
  const logs: string[] = [];
  const events: ProgressEvent[] = [];
  return {
    stageId,
    uses: 'test/context',
    pipelineDir,
    seed,
    rng: createRng(seed),
    log: {
      info: (message) => void logs.push(`info: ${message}`),
      warn: (message) => void logs.push(`warn: ${message}`),
    },
    progress: (event) => void events.push(event),
    signal: controller.signal,
    logs,
    events,
    abort: () => controller.abort(),
  };
}
