import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A message the fake server accepted: its envelope recipients and the parsed mail. */
export interface ReceivedMail {
  to: string[];
  mail: ParsedMail;
}

/**
 * A local SMTP server (the `smtp-server` package, as used by Nodemailer's own tests) that
 * accepts everything except recipients starting with `bounce` (550, mailbox unavailable), and
 * keeps what it received, parsed with `mailparser`.
 */
export class FakeSmtpServer {
  readonly received: ReceivedMail[] = [];
  #server: SMTPServer | undefined;

  /** Starts on a free port; returns the `SMTP_URL` to use. */
  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (address.address.startsWith('bounce')) {
          const refused = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
          return callback(refused);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then((mail) => {
          this.received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        }, callback);
      },
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }

  /** Messages to one address. */
  to(address: string): ParsedMail[] {
    return this.received.filter((each) => each.to.includes(address)).map((each) => each.mail);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
