import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");

describe("test/fake-llm/main.ts", () => {
  it("prints its URL as one JSON line, serves, and exits cleanly on SIGTERM", async () => {
    const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), ["test/fake-llm/main.ts", "--port", "0", "--latency-ms", "5,10"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
      const { url } = JSON.parse(firstLine) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(response.status).toBe(200);

      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
