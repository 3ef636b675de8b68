import nodemailer from 'nodemailer';

export interface MailMessage { to: string; subject: string; text: string; html?: string }

/**
 * Outgoing mail. `send` resolves once the transport accepted the message and rejects when it did not;
 * callers on user-facing paths must not let a rejection reveal anything about the recipient (log it instead).
 * The notification service will provide the production implementation; until then SMTP via nodemailer.
 */
export interface MailPort {
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/** SMTP through nodemailer. `smtp://host:port` (plain, dev) or `smtps://user:pass@host:465`. */
export function createSmtpMailer(smtpUrl: string, from: string): MailPort {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Local development servers have no certificate; production uses smtps:// with verification.
    ignoreTLS: url.protocol === 'smtp:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'),
  });
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}
