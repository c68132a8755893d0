import type { IncomingMessage, ServerResponse } from "node:http";

// Small pieces of raw HTTP the server needs, kept out of its routing.

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    "x-request-id": `req_fake_${Date.now().toString(36)}`,
    ...headers,
  });
  response.end(text);
}

export function sendEventStream(response: ServerResponse, payloads: string[]): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  for (const payload of payloads) response.write(`data: ${payload}\n\n`);
  response.end();
}

/** Starts a 200 that promises `text` in full, sends half, then kills the connection. */
export function sendHalfThenDrop(response: ServerResponse, text: string, contentType: string): void {
  const bytes = Buffer.from(text, "utf8");
  response.writeHead(200, { "content-type": contentType, "content-length": String(bytes.length) });
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
}

/** Header values as single strings, with credentials replaced so a printed record shows none. */
export function recordableHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === "authorization" || name === "x-api-key" ? "[redacted]" : Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export function credentialOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization) return authorization.replace(/^Bearer\s+/i, "");
  const apiKey = request.headers["x-api-key"];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}
