import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** A real SMTP server in the process, keeping what it accepted (parsed by mailparser). */
export interface SmtpReceiver {
  url: string;
  /** Accepted messages, in order. */
  messages: ParsedMail[];
  /** How many times each Message-ID was accepted. */
  accepted: Map<string, number>;
  /** While set, DATA is held unanswered: the sender waits for its acknowledgement. */
  hold: boolean;
  /** Messages received and not acknowledged (held). */
  held: number;
  close(): Promise<void>;
}

export async function startSmtpReceiver(options: { parse?: boolean } = {}): Promise<SmtpReceiver> {
  const parse = options.parse ?? true;
  const receiver: SmtpReceiver = {
    url: '',
    messages: [],
    accepted: new Map(),
    hold: false,
    held: 0,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void accept(Buffer.concat(chunks)));
      const accept = async (raw: Buffer) => {
        if (receiver.hold) {
          // Never answered: the connection dies with the sender, the message is not accepted.
          receiver.held++;
          return;
        }
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '';
        receiver.accepted.set(id, (receiver.accepted.get(id) ?? 0) + 1);
        if (parse) receiver.messages.push(await simpleParser(raw));
        callback();
      };
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  receiver.url = `smtp://127.0.0.1:${port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

export interface WebhookCall {
  id: string;
  status: number;
  body: any;
  verified: boolean;
}

/** A real HTTP receiver that fails the first tries of each message, then accepts. */
export interface WebhookReceiver {
  url: string;
  calls: WebhookCall[];
  /** Accepted (2xx) deliveries per webhook-id. */
  accepted: Map<string, number>;
  /** The secret each path verifies with (`/hook/<name>`), set after registration. */
  secrets: Map<string, string>;
  /** Failures before a message is accepted (per webhook-id). */
  failFirst: number;
  /** While set, requests are held unanswered. */
  hold: boolean;
  /** Requests received and held. */
  held: number;
  close(): Promise<void>;
}

const bodyOf = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  const tries = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: '',
    calls: [],
    accepted: new Map(),
    secrets: new Map(),
    failFirst,
    hold: false,
    held: 0,
    close: async () => undefined,
  };
  const server = createServer((req, res) => void answer(req, res));
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await bodyOf(req);
    if (receiver.hold) {
      receiver.held++;
      return; // never answered
    }
    const id = String(req.headers['webhook-id'] ?? '');
    const secret = receiver.secrets.get(req.url ?? '');
    let verified = false;
    try {
      if (secret) {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      }
    } catch {
      verified = false;
    }
    const n = (tries.get(id) ?? 0) + 1;
    tries.set(id, n);
    const status = !verified ? 401 : n <= receiver.failFirst ? 503 : 204;
    receiver.calls.push({ id, status, body: JSON.parse(body || 'null'), verified });
    if (status === 204) receiver.accepted.set(id, (receiver.accepted.get(id) ?? 0) + 1);
    res.writeHead(status).end();
  };
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
