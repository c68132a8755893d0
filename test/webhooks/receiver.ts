import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A webhook receiver for tests: a real HTTP server on 127.0.0.1 that checks each request's Standard
// Webhooks signature with its own code (not the studio's: HMAC-SHA256 keyed with the base64 after
// "whsec_", over "<webhook-id>.<webhook-timestamp>.<body>"), answers 500 to the first `failFirst`
// requests (or to all with failFirst: Infinity) and 200 after, or never answers (`hang`), and
// records everything it saw.

export interface ReceivedRequest {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  /** the signature matched the body and headers under `secret` */
  valid: boolean;
  /** when it arrived (ms since the epoch) */
  at: number;
  /** what the receiver answered (null: it did not) */
  answered: number | null;
}

export interface TestReceiver {
  url: string;
  /** the webhook's secret, set once the studio has made it */
  secret: string;
  received: ReceivedRequest[];
  /** the received requests of events whose data has `key` = `value` */
  about(key: string, value: unknown): ReceivedRequest[];
  close(): Promise<void>;
}

export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = Buffer.from(createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64"));
  // a header may carry several space-separated signatures (during a secret's rotation)
  return header.split(" ").some((part) => {
    const [version, signature] = part.split(",");
    const given = Buffer.from(signature ?? "");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startReceiver({ failFirst = 0, hang = false, failStatus = 500 }: { failFirst?: number; hang?: boolean; failStatus?: number } = {}): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const receiver: Omit<TestReceiver, "url" | "close"> = {
    secret: "",
    received,
    about: (key, value) => received.filter((r) => (JSON.parse(r.body) as { data: Record<string, unknown> }).data[key] === value),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => String(request.headers[name] ?? "");
      const entry: ReceivedRequest = {
        id: header("webhook-id"),
        timestamp: Number(header("webhook-timestamp")),
        signature: header("webhook-signature"),
        body,
        valid: verifySignature(receiver.secret, header("webhook-id"), header("webhook-timestamp"), body, header("webhook-signature")),
        at: Date.now(),
        answered: null,
      };
      received.push(entry);
      if (hang) return; // never answers: the studio's timeout must end the attempt
      entry.answered = received.length <= failFirst ? failStatus : 200;
      response.writeHead(entry.answered, { "content-type": "text/plain" });
      response.end(entry.answered === 200 ? "ok" : "<b>not now</b>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/cai?token=receiver-query-token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
