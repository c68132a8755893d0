import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { queryE2eDatabase } from "./helpers";

// Issue 12, findings 7 and 3, in a real browser against the studio's real web server: no other
// page may frame the studio, the Content-Security-Policy leaves the app working (Next's scripts
// carry the nonce), and a forwarded address the client made up is not who the sign-in limit counts.

let framer: Server;
let framerUrl: string;

test.beforeAll(async ({ baseURL }) => {
  // a page on another port of the same host: same-site, as in the audit
  framer = createServer((request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(`<!doctype html><title>framer</title><iframe id="studio" src="${baseURL}${request.url}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  const address = framer.address();
  framerUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
test.afterAll(() => new Promise<void>((resolve) => framer.close(() => resolve())));

function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("another site cannot frame the People page", async ({ page }) => {
  const messages: string[] = [];
  page.on("console", (message) => void messages.push(message.text()));
  // goto waits for the load event, which waits for the frame: shown or refused, it is done
  await page.goto(`${framerUrl}/settings/users`);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame).toBeDefined();
  await expect(frame!.getByRole("heading", { name: "People" })).toHaveCount(0);
  expect(messages.some((text) => /frame-ancestors|X-Frame-Options/i.test(text))).toBe(true);
  // ...while the page itself, opened directly, is there
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
});

test("every page and API answer says: no framing, scripts only from the studio or with this answer's nonce", async ({ page, request }) => {
  const first = await request.get("/datasets");
  const second = await request.get("/datasets");
  const policy = first.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(first.headers()["x-frame-options"]).toBe("DENY");
  // a nonce is used once
  expect(second.headers()["content-security-policy"]).not.toBe(policy);
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  const api = await request.get("/api/prompts");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  expect((await request.get("/sign-in")).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  void page;
});

test("under the policy the studio still renders and runs its scripts", async ({ page }) => {
  const violations = cspViolations(page);
  await page.goto("/datasets");
  await expect(page.getByRole("navigation").first()).toBeVisible();
  // a client-side navigation needs hydrated React: the scripts ran
  await page.getByRole("navigation").first().getByRole("link", { name: "Prompts" }).click();
  await expect(page).toHaveURL(/\/prompts$/);
  await expect(page.getByRole("heading", { name: "Prompts", exact: true })).toBeVisible();
  await page.goto("/charts");
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the sign-in limit counts the connection's address, not a forwarded one the client wrote", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const email = `nobody-${Date.now()}@studio.test`;
  for (const [index, forged] of ["203.0.113.71", "203.0.113.72"].entries()) {
    const response = await anonymous.post("/api/auth/sign-in/email", {
      headers: { origin: baseURL!, "x-forwarded-for": forged, "x-cai-client-address": `198.51.100.${index + 1}` },
      data: { email, password: "not a password at all" },
    });
    expect([401, 429]).toContain(response.status());
  }
  await anonymous.dispose();
  const keys = (await queryE2eDatabase<{ key: string }>(`SELECT key FROM "RateLimit" WHERE key LIKE '%/sign-in/email'`)).map((row) => row.key);
  expect(keys).toContain("127.0.0.1|/sign-in/email");
  expect(keys.filter((key) => /203\.0\.113\.|198\.51\.100\./.test(key))).toEqual([]);
});
