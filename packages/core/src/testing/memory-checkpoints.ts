/** `StageCheckpoints` in memory, for unit tests of resumable stages: one checkpoint, as bytes. */
import { fromBytes, toBytes } from '../artifacts/envelope.js';
import type { StageCheckpoints } from '../contract.js';

export interface MemoryCheckpoints extends StageCheckpoints {
  /** Epochs at which a checkpoint was saved, in order. */
  readonly saves: number[];
  /** Every `resumed(epoch, epochs)` call. */
  readonly resumes: { epoch: number; epochs: number }[];
  /** The stored bytes (tests may damage them). */
  bytes: Uint8Array | undefined;
}

export function memoryCheckpoints(): MemoryCheckpoints {
  const m: MemoryCheckpoints = {
    saves: [],
    resumes: [],
    bytes: undefined,
    async load() {
      return m.bytes && fromBytes(m.bytes);
    },
    async save(checkpoint, progress) {
      m.bytes = toBytes({ header: { ...checkpoint.header, kind: 'checkpoint' }, buffers: checkpoint.buffers });
      m.saves.push(progress.epoch);
    },
    resumed(epoch, epochs) {
      m.resumes.push({ epoch, epochs });
    },
  };
  return m;
}
