export type JobName = 'billing-run' | 'import' | 'day-close' | 'receipts-pull' | 'notices-expiry';

export interface JobQueue {
  send(name: JobName, data: Record<string, unknown>, options?: { singletonKey?: string }): Promise<void>;
}
