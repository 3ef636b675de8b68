import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail { to: string[]; raw: string; subject: string; text: string }

/** A real SMTP server on a loopback port that keeps what it receives, for tests that read their mail. */
export class SmtpMailbox {
  readonly messages: ReceivedMail[] = [];
  private server!: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const [head = '', ...body] = raw.split(/\r?\n\r?\n/);
          const subject = /^Subject: (.*)$/im.exec(head)?.[1]?.trim() ?? '';
          // nodemailer may quoted-printable encode long lines; undo soft breaks and =XX escapes.
          const text = body.join('\n\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
          this.messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw, subject, text });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits (up to 5 s) for a mail to `to` whose subject contains `subject`, received after `since` messages. */
  async waitFor(to: string, subject: string, since = 0): Promise<ReceivedMail> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = this.messages.slice(since).find((m) => m.to.includes(to.toLowerCase()) && m.subject.includes(subject));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} with subject containing "${subject}" (got ${this.messages.length} messages)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function tokenIn(mail: ReceivedMail, label: 'verification token' | 'reset token'): string {
  const m = new RegExp(`${label}: ([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${label} in mail: ${mail.text}`);
  return m[1]!;
}
