import { randomUUID } from 'node:crypto';

/** How the simulated IO sees a citizen: on IO and reachable, on IO with this service turned off, or not on IO. */
export type SimProfileState = 'ACTIVE' | 'SENDER_BLOCKED' | 'ABSENT';

export interface SimIoMessage {
  id: string;
  fiscalCode: string;
  /** the last characters of the subscription key it came with, to tell the Comuni's services apart */
  keyHint: string;
  createdAt: Date;
  content: {
    subject: string;
    markdown: string;
    due_date?: string;
    payment_data?: { amount: number; notice_number: string; invalid_after_due_date?: boolean; payee?: { fiscal_code: string } };
  };
}

/**
 * What IO would remember, in memory (development and tests only). Every citizen is on IO and reachable unless a
 * command said otherwise, so the demo's parents receive their messages.
 */
export class IoSimulatorStore {
  readonly profiles = new Map<string, SimProfileState>();
  readonly messages: SimIoMessage[] = [];
  /** Every API call, with its status: tests check a retry happened. */
  readonly requests: { method: string; path: string; status: number }[] = [];
  /** The next calls to POST /messages answer these statuses, one each, before answering normally again. */
  readonly failures: number[] = [];

  profile(fiscalCode: string): SimProfileState {
    return this.profiles.get(fiscalCode.toUpperCase()) ?? 'ACTIVE';
  }

  add(fiscalCode: string, keyHint: string, content: SimIoMessage['content'], now: Date): SimIoMessage {
    const message = { id: randomUUID().replaceAll('-', '').toUpperCase().slice(0, 26), fiscalCode, keyHint, createdAt: now, content };
    this.messages.push(message);
    return message;
  }

  of(fiscalCode: string): SimIoMessage[] {
    return this.messages.filter((m) => m.fiscalCode === fiscalCode.toUpperCase());
  }
}
