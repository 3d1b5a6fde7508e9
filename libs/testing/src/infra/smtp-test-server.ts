import { SMTPServer } from 'smtp-server';
import { findFreePort } from './free-port';
import { TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './test-tls';

export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: string[];
  /** Whether the session was encrypted (STARTTLS or implicit TLS) when the message was sent. */
  readonly secure: boolean;
  readonly headers: Record<string, string>;
  readonly subject: string;
  /** The text body, transfer encoding undone. */
  readonly text: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port (smtp-server), keeping every message it accepts. TLS: none
 * (STARTTLS not offered), STARTTLS offered, or implicit TLS, with the certificate of test-tls.ts.
 */
export async function startTestSmtpServer(tls: 'none' | 'starttls' | 'implicit'): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: tls === 'implicit',
    key: TEST_SERVER_KEY_PEM,
    cert: TEST_SERVER_CERT_PEM,
    disabledCommands: tls === 'none' ? ['STARTTLS', 'AUTH'] : ['AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  const port = await findFreePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Headers (unfolded, lower-case names) and the single-part text body of a message. */
function parseMessage(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, subject: headers.subject ?? '', text: body.replace(/\r\n/g, '\n') };
}
