import "server-only";
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

// Serves one PGlite over the Postgres wire protocol to many connections (the web server's pools,
// a worker, the CLI, prisma migrate). PGlite is a single session, so connections take turns, and
// two rules keep them from seeing each other's state:
//   1. a connection's messages run as whole groups, up to the Sync (or Query, Flush) that ends
//      them. node-postgres sends Parse, Bind, Execute, Sync for every parameterised
//      query; run one message at a time, another connection's Parse can land between them and
//      the Bind then binds the wrong statement (seen with @electric-sql/pglite-socket 0.2.17:
//      "bind message supplies 20 parameters, but prepared statement requires 1", and rows written
//      with another query's parameters);
//   2. while a connection has a transaction open, only its groups run.
// Rule 2 means a process that holds a transaction open on one connection and then waits for a
// statement on another waits forever, and so does every page of the studio. No code path may do
// that; should one slip through, a transaction that sends nothing for IDLE_TRANSACTION_MS while
// other connections wait is rolled back and its connection closed, with a message naming it, as
// Postgres's idle_in_transaction_session_timeout would: an error for one caller, not a frozen studio.
// The protocol itself (startup, authentication, results) is PGlite's: bytes go in and out as is,
// except COPY ... FROM STDIN: PGlite's session cannot take the copy data that follows (it ends with
// "protocol synchronization was lost" and the WASM program exits, leaving every connection waiting
// forever), so such a statement closes its own connection with an error instead.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** message types after which the client waits for an answer */
const GROUP_ENDS = new Set(["S", "Q", "H"]);
/** how long a connection may keep a transaction open without a statement while others wait */
export const IDLE_TRANSACTION_MS = 10_000;
/** a COPY ... FROM STDIN statement in a Query or Parse message */
const COPY_FROM_STDIN = /(?:^|;)\s*copy\s[^;]*?\bfrom\s+stdin\b/i;

interface Connection {
  id: number;
  socket: net.Socket;
  buffer: Buffer;
  pending: Buffer[];
  started: boolean;
  closed: boolean;
}

interface Group {
  connection: Connection;
  bytes: Buffer;
}

export class PgliteWireServer {
  private readonly server: net.Server;
  private readonly queue: Group[] = [];
  private running = false;
  /** the connection whose transaction is open: only it may run until the transaction ends */
  private owner?: Connection;
  private nextId = 1;
  private readonly connections = new Set<Connection>();
  /** groups run so far: an owner that ran none since the idle timer started is idle */
  private groupsRun = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: PGlite,
    maxConnections: number,
    private readonly idleTransactionMs = IDLE_TRANSACTION_MS,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = maxConnections;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { id: this.nextId++, socket, buffer: Buffer.alloc(0), pending: [], started: false, closed: false };
    this.connections.add(connection);
    socket.on("data", (data) => this.receive(connection, data));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => void this.disconnect(connection));
  }

  private receive(connection: Connection, data: Buffer): void {
    if (connection.closed) return;
    connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, data]) : data;
    for (;;) {
      const message = this.nextMessage(connection);
      if (!message) return;
      if (message.answerN) {
        connection.socket.write("N"); // no SSL / GSS encryption on a local socket
        continue;
      }
      if (message.cancel) {
        connection.socket.destroy();
        return;
      }
      if (message.terminate) {
        // the client is leaving; PGlite's one session must not see its goodbye
        connection.socket.end();
        return;
      }
      if (message.copyFromStdin) {
        this.refuse(connection, "0A000", "COPY FROM STDIN is not supported by the embedded database (use INSERT, or a Postgres server with DATABASE_URL)");
        return;
      }
      connection.pending.push(message.bytes);
      if (message.endsGroup) {
        this.queue.push({ connection, bytes: Buffer.concat(connection.pending) });
        connection.pending = [];
        void this.drain();
      }
    }
  }

  /** The next complete message of the connection's buffer, or undefined until more bytes come. */
  private nextMessage(connection: Connection): { bytes: Buffer; endsGroup: boolean; answerN?: boolean; cancel?: boolean; terminate?: boolean; copyFromStdin?: boolean } | undefined {
    const buffer = connection.buffer;
    if (!connection.started) {
      // the first messages have no type byte: length, then a code
      if (buffer.length < 8) return undefined;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return undefined;
      const code = buffer.readInt32BE(4);
      connection.buffer = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { bytes: Buffer.alloc(0), endsGroup: false, answerN: true };
      if (code === CANCEL_REQUEST) return { bytes: Buffer.alloc(0), endsGroup: false, cancel: true };
      if (code === PROTOCOL_3) connection.started = true;
      return { bytes: buffer.subarray(0, length), endsGroup: true };
    }
    if (buffer.length < 5) return undefined;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return undefined;
    connection.buffer = buffer.subarray(length);
    const type = String.fromCharCode(buffer[0]);
    const bytes = buffer.subarray(0, length);
    const copyFromStdin = (type === "Q" || type === "P") && COPY_FROM_STDIN.test(bytes.toString("utf8", 5).replaceAll("\0", ";"));
    return { bytes, endsGroup: GROUP_ENDS.has(type), terminate: type === "X", copyFromStdin };
  }

  /** Ends a connection with a FATAL error (its open transaction is rolled back); the others go on. */
  private refuse(connection: Connection, code: string, message: string): void {
    const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
    const head = Buffer.alloc(5);
    head.write("E", 0, "latin1");
    head.writeInt32BE(4 + fields.length, 1);
    connection.socket.end(Buffer.concat([head, fields]));
    void this.disconnect(connection);
  }

  /** Runs queued groups one at a time, keeping an open transaction's connection first in line. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((g) => g.connection === this.owner) : 0;
        if (this.queue.length === 0) return;
        if (index < 0) {
          this.watchIdleOwner();
          return;
        }
        const [group] = this.queue.splice(index, 1);
        if (group.connection.closed) continue;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(new Uint8Array(group.bytes), {
              onRawData: (data) => {
                if (!group.connection.closed) group.connection.socket.write(Buffer.from(data));
              },
            }),
          );
        } catch (error) {
          console.error(`embedded database: connection ${group.connection.id} failed:`, error);
          group.connection.socket.destroy();
        }
        this.groupsRun++;
        this.owner = this.db.isInTransaction() ? group.connection : undefined;
      }
    } finally {
      this.running = false;
    }
  }

  /** Others wait for the owner's transaction: end it if the owner sends nothing for too long. */
  private watchIdleOwner(): void {
    if (this.idleTimer || !this.owner) return;
    const owner = this.owner;
    const seen = this.groupsRun;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.owner !== owner || this.groupsRun !== seen || owner.closed) {
        if (this.owner && this.queue.length > 0 && !this.running) this.watchIdleOwner();
        return;
      }
      const waiting = new Set(this.queue.map((g) => g.connection.id)).size;
      console.error(
        `embedded database: connection ${owner.id} kept a transaction open for ${this.idleTransactionMs / 1000} s without a statement ` +
          `while ${waiting} other connection(s) waited; rolling it back and closing the connection ` +
          "(a transaction must not wait for another connection: docs/decisions/002-embedded-pglite-by-default.md)",
      );
      owner.socket.destroy();
    }, this.idleTransactionMs);
    this.idleTimer.unref();
  }

  /** A connection that goes away with its transaction open must not leave it open for the rest. */
  private async disconnect(connection: Connection): Promise<void> {
    connection.closed = true;
    this.connections.delete(connection);
    if (this.owner !== connection) return;
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.owner === connection) {
      await this.db.exec("ROLLBACK").catch(() => {});
      this.owner = undefined;
      void this.drain();
    }
  }
}
