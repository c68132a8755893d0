import net from "node:net";

// A port nothing listens on at the moment (bound on 127.0.0.1 for an instant, then let go), for a
// server a test run starts itself: the embedded test database, the smoke suite's studios.

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
