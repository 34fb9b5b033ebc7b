import { createTransport, type Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';

/** One e-mail; `messageId` is derived from the notice's key, so a resend carries the same id. */
export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language?: 'es' | 'en';
}

/** The outcome of a transport's try: `ok` with the server's status (HTTP or SMTP code). */
export interface SendOutcome {
  ok: boolean;
  status: number | null;
  detail: string;
}

/** Port: sends an e-mail (nodemailer over SMTP in hitos). Rejects or answers `ok: false`. */
export interface MailTransport {
  send(message: MailMessage): Promise<SendOutcome>;
  close?(): void;
}

export interface WebhookRequest {
  /** The `webhook-id` header: derived from the notice's key, the receiver's deduplication key. */
  id: string;
  url: string;
  /** `whsec_…`. */
  secret: string;
  /** The JSON body, exactly as signed. */
  body: string;
}

/** Port: POSTs a signed webhook. */
export interface WebhookTransport {
  post(request: WebhookRequest): Promise<SendOutcome>;
}

/** SMTP through nodemailer, with a small pool of connections. */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    options: { maxConnections?: number } = {},
  ) {
    this.transporter = createTransport({
      url,
      pool: true,
      maxConnections: options.maxConnections ?? 4,
      maxMessages: Infinity,
    } as any);
  }

  async send(message: MailMessage): Promise<SendOutcome> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { 'Content-Language': 'es, en' },
      });
      const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
      return { ok: true, status: code, detail: String(info.response ?? 'accepted').slice(0, 200) };
    } catch (error) {
      const e = error as { responseCode?: number; code?: string; message?: string };
      return {
        ok: false,
        status: e.responseCode ?? null,
        // The server's reply or the error's code; never the address.
        detail: `${e.code ?? 'ERROR'} ${e.responseCode ?? ''}`.trim(),
      };
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * HTTPS POST in the Standard Webhooks format: headers `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (HMAC-SHA256 by the `standardwebhooks` package). The timestamp is the
 * machine's time, not hitos's clock: receivers check it against theirs to refuse replays.
 */
export class HttpWebhookTransport implements WebhookTransport {
  constructor(private readonly timeoutMs = 10_000) {}

  async post(request: WebhookRequest): Promise<SendOutcome> {
    const at = new Date();
    const signature = new Webhook(request.secret).sign(request.id, at, request.body);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hitos-notices',
          'webhook-id': request.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, detail: `HTTP ${response.status}` };
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      return {
        ok: false,
        status: null,
        detail: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name ?? 'error'),
      };
    }
  }
}
