import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchOnNode, nodeFetch } from "./node-fetch";

// The SDKs' fetch over node:http, against a real server: what comes back, what it refuses, and
// that an abort stops the call.

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/slow") return; // never answers
      if (request.url === "/big") return response.end("x".repeat(4096));
      response.writeHead(201, { "content-type": "application/json", "x-echo": request.headers["x-token"] ?? "" });
      response.end(JSON.stringify({ method: request.method, body: Buffer.concat(chunks).toString("utf8") }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("nodeFetch", () => {
  it("sends the method, headers and body, and answers status, headers and body as fetch does", async () => {
    const response = await nodeFetch(`${base}/echo`, { method: "POST", headers: { "x-token": "t1" }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("t1");
    expect(await response.json()).toEqual({ method: "POST", body: '{"a":1}' });
  });

  it("rejects with an AbortError when the signal aborts while it waits", async () => {
    const controller = new AbortController();
    const call = nodeFetch(`${base}/slow`, { method: "POST", body: "{}", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses a reply over its limit, saying so", async () => {
    await expect(fetchOnNode(1024)(`${base}/big`)).rejects.toMatchObject({ message: "fetch failed", cause: { message: "the reply is larger than 1024 bytes" } });
  });

  it("fails like fetch when nothing listens", async () => {
    await expect(nodeFetch("http://127.0.0.1:9/")).rejects.toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });
});
