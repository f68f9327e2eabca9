import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A TCP link to a real server that a test can cut and restore: the server stays up for everyone
 * else while the code under test loses it (connections reset, new ones refused), then finds it again
 * at the same address.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** How long the server's replies are held back (what the client sends still arrives at once). */
  replyDelayMs = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, 0);
    await proxy.listen();
    return proxy;
  }

  /** Resets every connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Accepts connections again, on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  close(): Promise<void> {
    return this.cut();
  }

  private async listen(): Promise<void> {
    const server = createServer((inbound) => {
      this.accepted += 1;
      const outbound = createConnection(this.target);
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound);
      // Replies keep their order whatever the delay does meanwhile: each waits for the one before it.
      let replies = Promise.resolve();
      outbound.on('data', (chunk: Buffer) => {
        const due = Date.now() + this.replyDelayMs;
        replies = replies.then(async () => {
          await delay(due - Date.now());
          inbound.write(chunk);
        });
      });
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }
}
