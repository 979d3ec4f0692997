import type { JobName, JobQueue } from '../../src/jobs/queue.ts';

export interface SentJob {
  name: JobName;
  data: Record<string, unknown>;
  singletonKey?: string;
}

/** A job queue that records what the app sends, for tests to assert on (and, with a real queue behind, forwards it). */
export interface RecordingJobQueue extends JobQueue {
  sent: SentJob[];
}

/**
 * Not a mock of something under test: the queue itself is tested on a real pg-boss (test/integration/jobs/), and
 * this stands in for the worker only where a test drives the worker itself — it asserts on what was sent, then
 * runs the handler (`JOB_HANDLERS` in src/jobs/handlers.ts) when and as often as it wants. `forwardTo` is the real
 * queue when the test context starts one (`jobs: true`).
 */
export function recordingJobQueue(forwardTo?: JobQueue): RecordingJobQueue {
  const sent: SentJob[] = [];
  return {
    sent,
    async send(name, data, options = {}) {
      sent.push({ name, data, ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}) });
      await forwardTo?.send(name, data, options);
    },
    async sendMany(name, items) {
      sent.push(...items.map((data) => ({ name, data })));
      await forwardTo?.sendMany(name, items);
    },
  };
}
