/** What the portal sends to IO for one citizen (IO's NewMessage, content only as far as we use it). */
export interface IoMessage {
  fiscalCode: string;
  subject: string;
  markdown: string;
  /** ISO instant; IO shows it as the message's due date. */
  dueDate?: string;
  payment?: { amountCents: number; noticeNumber: string; payeeFiscalCode: string; invalidAfterDueDate: boolean };
}

/** IO's answer to the profile check: absent (not on IO) or whether this service may write to them. */
export type IoProfile = { exists: false } | { exists: true; senderAllowed: boolean };

/**
 * Everything the portal asks of IO, with the subscription key of the Comune's service. One implementation speaks
 * HTTP to IO (or to our simulator under /_io, which answers in the same JSON).
 */
export interface IoGateway {
  getProfile(apiKey: string, fiscalCode: string): Promise<IoProfile>;
  /** Resolves with IO's message id. */
  submitMessage(apiKey: string, message: IoMessage): Promise<{ id: string }>;
}

// IO's limits on a message (io-functions-commons, api/definitions.yaml: MessageSubject, MessageBodyMarkdown)
export const IO_SUBJECT_LENGTH = { min: 10, max: 120 };
export const IO_MARKDOWN_LENGTH = { min: 80, max: 10_000 };
