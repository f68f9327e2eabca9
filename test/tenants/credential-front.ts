import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator } from '../../src/connections/adapter';

/** Which credentials the provider accepts: the old ones, both (the overlap of a rotation), or the new ones. */
export type Accepting = 'old' | 'both' | 'new';

const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * One provider account whose credentials are being rotated, made of two real simulators with the
 * same demo users: `old` accepts the first simulator's credentials, `new` the second's, and `both`
 * tries the first and, when it refuses (401/403), the second, as a provider does while both keys
 * are valid. Any adapter's simulator works behind it: it knows nothing of how credentials are sent.
 */
export class CredentialFront {
  accepting: Accepting = 'old';
  private constructor(
    private readonly server: Server,
    private readonly before: RunningSimulator,
    private readonly after: RunningSimulator,
  ) {}

  static async start(before: RunningSimulator, after: RunningSimulator): Promise<CredentialFront> {
    let front: CredentialFront | undefined;
    const server = createServer((req, res) => void front?.handle(req, res));
    front = new CredentialFront(server, before, after);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return front;
  }

  /** The simulators' base URL, at this front. */
  get baseUrl(): string {
    const path = new URL(this.before.baseUrl).pathname.replace(/\/$/, '');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const targets = { old: [this.before], new: [this.after], both: [this.before, this.after] }[this.accepting];
    try {
      let answer: Answer | undefined;
      for (const target of targets) {
        answer = await forward(req, body, target);
        if (answer.status !== 401 && answer.status !== 403) break;
      }
      res.writeHead(answer!.status, answer!.headers).end(answer!.body);
    } catch {
      res.writeHead(502).end();
    }
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** The request as it came, Host header included (a signature may cover the host the client addressed). */
function forward(req: IncomingMessage, body: Buffer, target: RunningSimulator): Promise<Answer> {
  const { hostname, port } = new URL(target.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
