// A worker's share of an endpoint's limits, held by a process of its own for shared-limits.test.ts
// to kill: 40 callers call the endpoint (at most 20 at once, its limit) until the process dies.
//   node --conditions=react-server --import tsx test/endpoints/lease-holder.ts <endpoint id> <provider url>
import { createModelClient, withLimiter } from "../../lib/llm";
import { SharedLimits } from "../../lib/server/endpoints/shared-limit";

const [endpointId, url] = process.argv.slice(2);
const limits = { maxConcurrency: 20 };
const shared = new SharedLimits({ workerId: `lease-holder:${process.pid}`, log: (message) => console.error(message) });
const client = withLimiter(createModelClient({ kind: "OPENAI_COMPATIBLE", baseUrl: `${url}/v1`, model: "fake-chat", params: {}, ...limits }), shared.limiter(Number(endpointId), limits));
for (let loop = 0; loop < 40; loop++) {
  void (async () => {
    for (;;) await client.complete({ messages: [{ role: "user", content: `holder ${loop}` }] });
  })();
}
