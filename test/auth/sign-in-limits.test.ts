import { afterAll, describe, expect, it } from "vitest";
import { getAuth } from "@/lib/server/auth/auth";
import { resetPassword } from "@/lib/server/auth/users";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustedProxies } from "@/lib/server/client-address";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { makeUser, signInRequest, someClientAddress } from "./sessions";

// The sign-in limit (issue 12, finding 3): per client address as the studio's web server saw it,
// never per an X-Forwarded-For the client made up; and per account, from any address.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const attempt = (email: string, password: string, address: string, forwardedFor?: string) => {
  const request = signInRequest(email, password, address);
  if (forwardedFor) request.headers.set("x-forwarded-for", forwardedFor);
  return getAuth().handler(request);
};

describe("the per-address limit", () => {
  it("a made-up X-Forwarded-For per attempt does not make a new bucket: the 6th attempt from one address is refused", async () => {
    const user = await makeUser("VIEWER");
    const address = someClientAddress();
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await attempt(user.email, "not the password", address, `203.0.113.${index + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("the client address the web server hands on", () => {
  it("is the socket's when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.9", null)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:198.51.100.7", undefined, null)).toBe("198.51.100.7");
    // a socket that is not one of the trusted proxies is the client itself
    expect(clientAddress("198.51.100.7", "203.0.113.9", parseTrustedProxies("10.0.0.5"))).toBe("198.51.100.7");
  });

  it("behind trusted proxies, is the first address from the right that no trusted proxy vouches beyond", () => {
    const proxies = parseTrustedProxies("10.0.0.5, 172.16.0.0/12");
    // the client wrote "1.2.3.4" itself; the proxy appended the address it saw
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7, 172.16.3.4", proxies)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", "not-an-address", proxies)).toBe("10.0.0.5");
  });

  it("refuses a malformed CAI_TRUSTED_PROXIES at start, naming the entry", () => {
    expect(() => parseTrustedProxies("10.0.0.5, proxy.internal")).toThrow('CAI_TRUSTED_PROXIES: "proxy.internal" is not an IP address or a CIDR range');
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow('"10.0.0.0/33"');
    expect(parseTrustedProxies("")).toBeNull();
  });

  it("is the header Better Auth keys the limit on", () => {
    expect(CLIENT_ADDRESS_HEADER).toBe("x-cai-client-address");
  });
});

describe("the per-account back-off", () => {
  it("after 5 wrong passwords from as many addresses, the account waits, even with the right password from a new address", async () => {
    const user = await makeUser("VIEWER");
    const other = await makeUser("VIEWER");
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await attempt(user.email, "a wrong guess", someClientAddress())).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const refused = await attempt(user.email, user.password, someClientAddress());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(20);
    expect(Number(refused.headers.get("x-retry-after"))).toBeLessThanOrEqual(30);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Too many wrong passwords for this account: wait \d+ seconds/);
    // the email as typed (other case, spaces) is the same account
    expect((await attempt(` ${user.email.toUpperCase()} `, user.password, someClientAddress())).status).toBe(429);
    // someone else is not held back
    expect((await attempt(other.email, other.password, someClientAddress())).status).toBe(200);
    // an admin's reset clears the wait
    const admin = await makeUser("ADMIN");
    await resetPassword(user.id, "a brand new password", admin);
    expect((await attempt(user.email, "a brand new password", someClientAddress())).status).toBe(200);
  });

  it("a right password clears the count", async () => {
    const user = await makeUser("VIEWER");
    for (let index = 0; index < 4; index++) await attempt(user.email, "a wrong guess", someClientAddress());
    expect((await attempt(user.email, user.password, someClientAddress())).status).toBe(200);
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) statuses.push((await attempt(user.email, "a wrong guess", someClientAddress())).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await attempt(user.email, user.password, someClientAddress())).status).toBe(200);
  });

  it("an email nobody has waits the same way, so the wait tells nobody who has an account", async () => {
    const email = `nobody-${Date.now()}@studio.test`;
    for (let index = 0; index < 6; index++) await attempt(email, "a wrong guess", someClientAddress());
    expect((await attempt(email, "a wrong guess", someClientAddress())).status).toBe(429);
  });
});
