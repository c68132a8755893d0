// The studio's web server: Next's request handler behind a plain Node HTTP server, so that each
// request carries the address it really came from (lib/server/client-address.ts) before Next or Better Auth
// sees it. `next start` cannot do this: it fills X-Forwarded-For from the socket only when the
// client did not send one. Run by `npm start` and the e2e server with plain node (no react-server
// condition: Next sets its own up), as `node --import tsx scripts/studio/web-server.ts`.
import http from "node:http";
import path from "node:path";
import next from "next";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustedProxies, TRUSTED_PROXIES_ENV } from "../../lib/server/client-address";
import { env } from "../../lib/server/env";

const ROOT = path.resolve(import.meta.dirname, "../..");
const port = Number(env.PORT);

let proxies: ReturnType<typeof parseTrustedProxies>;
try {
  proxies = parseTrustedProxies(env.CAI_TRUSTED_PROXIES);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const app = next({ dev: false, dir: ROOT, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer(async (request, response) => {
  try {
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], proxies);
    await handle(request, response);
  } catch (error) {
    // as `next start` does: this request fails, the server goes on
    console.error(`Failed to handle request for ${request.url}`, error);
    if (!response.headersSent) response.statusCode = 500;
    response.end("Internal Server Error");
  }
});
server.listen(port, () => console.log(`Web server on port ${port}${proxies ? ` (trusting X-Forwarded-For from ${TRUSTED_PROXIES_ENV})` : ""}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
