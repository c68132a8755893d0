import http from "node:http";
import https from "node:https";

// The model SDKs' fetch, on node:http(s) with keep-alive agents. Under the OpenAI SDK, the built-in
// fetch (undici, with its Request, Headers and web streams) made a call cost the worker 0.77 ms of
// CPU, this 0.54 ms (64 calls at once to a provider that answers at once): a paper-scale run makes
// 1.6 million calls. It reads the whole reply (the clients never stream) up to a limit, and aborts
// on the signal like fetch, with an AbortError.

const MAX_REPLY_BYTES = 64 * 1024 * 1024;

export const nodeFetch = fetchOnNode(MAX_REPLY_BYTES);

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

/** A fetch that refuses a reply of more than `maxReplyBytes`. */
export function fetchOnNode(maxReplyBytes: number) {
  return (input: string | URL | Request, init: RequestInit = {}) => request(input, init, maxReplyBytes);
}

async function request(input: string | URL | Request, init: RequestInit, maxReplyBytes: number): Promise<Response> {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const protocol = url.protocol as keyof typeof agents;
  if (!(protocol in agents)) throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const body = await requestBody(init.body);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => (headers[key] = value));
  if (body !== undefined) headers["content-length"] = String(body.byteLength);

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (error: Error) => settle(() => reject(error.name === "AbortError" ? error : new TypeError("fetch failed", { cause: error })));
    const outgoing = (protocol === "https:" ? https : http).request(url, { method: init.method ?? "GET", headers, agent: agents[protocol] }, (reply) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      reply.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        chunks.push(chunk);
        if (bytes <= maxReplyBytes) return;
        fail(new Error(`the reply is larger than ${sizeText(maxReplyBytes)}`));
        outgoing.destroy();
      });
      reply.on("end", () =>
        settle(() => {
          const replyHeaders = new Headers();
          for (const [key, value] of Object.entries(reply.headers)) {
            if (value !== undefined) for (const v of Array.isArray(value) ? value : [value]) replyHeaders.append(key, v);
          }
          const status = reply.statusCode ?? 0;
          const empty = status === 204 || status === 304 || (init.method ?? "GET") === "HEAD";
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: reply.statusMessage, headers: replyHeaders }));
        }),
      );
      reply.on("error", fail);
    });
    const onAbort = () => {
      fail(abortError(signal!));
      outgoing.destroy();
    };
    outgoing.on("error", fail);
    signal?.addEventListener("abort", onAbort, { once: true });
    outgoing.end(body);
  });
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`;
}

async function requestBody(body: RequestInit["body"]): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return Buffer.from(body as ArrayBuffer);
  // anything else the SDKs might send (a stream, a form): read it whole as fetch would
  return Buffer.from(await new Response(body as BodyInit).arrayBuffer());
}

function abortError(signal: AbortSignal): Error {
  const error = new Error(signal.reason instanceof Error ? signal.reason.message : "This operation was aborted");
  error.name = "AbortError";
  return error;
}
