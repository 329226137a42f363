/**
 * The `StageContext.checkpoints` a job gets: its checkpoint filed under the job's cache key, so
 * only the same stage with the same inputs, params (minus volatile ones) and seed resumes from it.
 */
import { fromBytes, toBytes } from '../artifacts/envelope.js';
import type { EncodedArtifact, StageCheckpoints } from '../contract.js';
import { messages } from '../errors/codes.js';
import type { JobEvents, JobSpec } from '../plan/jobs.js';
import { readCheckpoint, removeCheckpoint, writeCheckpoint } from '../store/checkpoints.js';
import type { ContentStore } from '../store/content-store.js';

export interface ResumedFrom {
  /** Epochs the checkpoint had done; training went on from the next one. */
  readonly epoch: number;
  readonly epochs: number;
}

export function jobCheckpoints(store: ContentStore, job: JobSpec, events: JobEvents, onResume: (r: ResumedFrom) => void): StageCheckpoints {
  const ignore = (detail: string): undefined => {
    events.log?.('warn', `W_CHECKPOINT_IGNORED ${messages.W_CHECKPOINT_IGNORED(job.stage, detail)}`);
    return undefined;
  };
  return {
    async load(): Promise<EncodedArtifact | undefined> {
      const read = await readCheckpoint(store, job.key);
      if (read.status === 'none') return undefined;
      if (read.status === 'unusable') return ignore(read.reason);
      let encoded: EncodedArtifact;
      try {
        encoded = fromBytes(read.bytes);
      } catch {
        await removeCheckpoint(store, job.key);
        return ignore('cannot be decoded');
      }
      // The digest proves the bytes are what was written; the key proves they are this job's.
      if (encoded.header['kind'] !== 'checkpoint' || encoded.header['key'] !== job.key) {
        await removeCheckpoint(store, job.key);
        return ignore('belongs to another job');
      }
      return encoded;
    },
    async save(checkpoint, progress): Promise<void> {
      const bytes = toBytes({ header: { ...checkpoint.header, kind: 'checkpoint', key: job.key }, buffers: checkpoint.buffers });
      await writeCheckpoint(store, job.key, bytes, { stage: job.stage, uses: job.uses, ...progress });
    },
    resumed(epoch, epochs): void {
      onResume({ epoch, epochs });
      events.log?.('info', `resuming ${job.stage} from epoch ${epoch}/${epochs} (its checkpoint)`);
    },
  };
}
