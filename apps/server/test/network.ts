// A TCP proxy standing in for a flaky network or a load balancer in front of server instances:
// it can cut every open connection, refuse new ones for a while, and send each new connection to
// the first target that accepts it (so a stopped instance's clients land on another).
import { connect, createServer, type Server, type Socket } from "node:net";

export class TcpProxy {
  readonly #server: Server;
  readonly #targets: readonly number[];
  readonly #sockets = new Set<Socket>();
  #blocked = false;

  private constructor(targets: readonly number[]) {
    this.#targets = targets;
    this.#server = createServer((client) => this.#accept(client));
  }

  static async start(targets: readonly number[]): Promise<TcpProxy> {
    const proxy = new TcpProxy(targets);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  /** Drops every open connection, as a network outage would. */
  cut(): void {
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }

  /** While blocked, new connections are refused (closed at once). */
  block(blocked = true): void {
    this.#blocked = blocked;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#blocked) {
      client.destroy();
      return;
    }
    this.#sockets.add(client);
    client.on("close", () => this.#sockets.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    this.#connect(client, 0);
  }

  /** Tries the targets in order; a refused connection moves on to the next. */
  #connect(client: Socket, index: number): void {
    const port = this.#targets[index];
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = connect(port, "127.0.0.1");
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      this.#sockets.add(upstream);
      upstream.on("close", () => {
        this.#sockets.delete(upstream);
        client.destroy();
      });
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", () => {
      upstream.destroy();
      if (!connected) this.#connect(client, index + 1);
    });
  }
}
