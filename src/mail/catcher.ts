import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** Position in the catcher (1, 2, …): the /_mail page's link. */
  seq: number;
  receivedAt: Date;
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** An SMTP server that keeps every message in memory (development and tests only), parsed as a mail client would. */
export interface MailCatcher {
  port: number;
  smtpUrl: string;
  messages: CaughtMail[];
  /** Messages whose envelope or To: names this address. */
  to(address: string): CaughtMail[];
  close(): Promise<void>;
}

const KEPT = 2_000;

export async function startMailCatcher(port = 0, host = '127.0.0.1'): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              seq: ++seq,
              receivedAt: new Date(),
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              raw,
              parsed,
            });
            if (messages.length > KEPT) messages.shift();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // a client that drops a connection is the client's business, never a crash of the app
  server.on('error', () => undefined);
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    smtpUrl: `smtp://${host}:${bound}`,
    messages,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
