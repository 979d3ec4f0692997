import nodemailer, { type Transporter } from 'nodemailer';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

/** E-mail as the notifications send it; one implementation speaks SMTP (to a provider, or to our own catcher). */
export interface Mailer {
  /** Resolves with the Message-ID once the SMTP server accepted the message; rejects on any refusal. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** nodemailer over SMTP, pooled: a burst of messages reuses a few connections instead of one handshake each. */
export function createSmtpMailer(smtpUrl: string | (() => string), from: string): Mailer {
  let transport: Transporter | undefined;
  const open = () => {
    transport ??= nodemailer.createTransport({
      url: typeof smtpUrl === 'function' ? smtpUrl() : smtpUrl,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return transport;
  };
  return {
    async send(mail) {
      const info = (await open().sendMail({ from, ...mail })) as { messageId: string };
      return { messageId: info.messageId };
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}
