import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the fake SMTP server received it: the SMTP envelope, who signed in, the parsed MIME. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  user?: string;
  parsed: ParsedMail;
}

export interface FakeSmtp {
  /** SMTP_URL for the backend: smtp://user:password@127.0.0.1:<port>. */
  url: string;
  received: ReceivedMail[];
  /** Refuse RCPT TO for an address with this SMTP reply (e.g. 550), or accept everything again (null). */
  rejectRecipient(address: string, reply: { code: number; message: string } | null): void;
  close(): Promise<void>;
}

/**
 * A local SMTP server (`smtp-server`, by the nodemailer author: the real protocol — EHLO, AUTH, MAIL FROM,
 * RCPT TO, DATA — with real replies), standing in for the mail provider. It requires AUTH with the given
 * credentials, as providers do, and offers no STARTTLS (loopback, no certificate). What arrives is parsed
 * with `mailparser`, so tests look at the subject, text, HTML and attachments a mail client would show.
 */
export async function startFakeSmtp(credentials = { user: 'workcloud-mailer', password: 'smtp-test-passw0rd' }): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const rejected = new Map<string, { code: number; message: string }>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const reply = rejected.get(address.address.toLowerCase());
      if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            received.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              user: session.user,
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: net.Server }).server.address() as net.AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`,
    received,
    rejectRecipient(address, reply) {
      if (reply) rejected.set(address.toLowerCase(), reply);
      else rejected.delete(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An address where nothing listens (a mail server that is down). */
export async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `smtp://user:pass@127.0.0.1:${port}`;
}
