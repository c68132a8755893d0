// Who is on the other end of a request, for the sign-in limit (lib/server/auth/auth.ts keys it on
// CLIENT_ADDRESS_HEADER). The web server (scripts/studio/web-server.ts) sets that header on every request from
// the socket, after deleting any copy the client sent. X-Forwarded-For is believed only from a
// proxy named in CAI_TRUSTED_PROXIES, and only as far back as the chain of named proxies goes:
// anyone can write the header, so without that a made-up address per attempt made a new bucket
// each time (issue 12, finding 3).
// No `import "server-only"`: the web server imports this under plain Node, outside Next's bundle,
// where that guard would throw. It is server code all the same.
import { BlockList, isIP } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-cai-client-address";
export const TRUSTED_PROXIES_ENV = "CAI_TRUSTED_PROXIES";

/** "::ffff:10.0.0.1" (how Node shows an IPv4 client on a dual-stack socket) as "10.0.0.1". */
function plain(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

function family(address: string): "ipv4" | "ipv6" | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}

/**
 * CAI_TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated ("10.0.0.5, 172.16.0.0/12").
 * Unset or empty: no proxy is trusted. A malformed entry stops the start with a message naming it.
 */
export function parseTrustedProxies(raw: string | undefined): BlockList | null {
  const entries = (raw ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const kind = family(plain(address));
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = kind === "ipv4" ? 32 : 128;
    if (!kind || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(prefix!) && bits <= maxBits))) {
      throw new Error(`${TRUSTED_PROXIES_ENV}: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.5 or 172.16.0.0/12).`);
    }
    if (bits === undefined) list.addAddress(plain(address), kind);
    else list.addSubnet(plain(address), bits, kind);
  }
  return list;
}

function trusted(address: string, proxies: BlockList): boolean {
  const kind = family(address);
  return kind !== null && proxies.check(address, kind);
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then X-Forwarded-For
 * is read from the right (each proxy appends the address it saw) past every trusted proxy, and the
 * first address no trusted proxy vouches beyond is the client.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, proxies: BlockList | null): string {
  let address = plain(socketAddress ?? "");
  if (!proxies || !trusted(address, proxies)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").map(plain).filter(Boolean);
  for (let index = hops.length - 1; index >= 0 && trusted(address, proxies); index--) {
    const hop = hops[index]!;
    if (!family(hop)) break; // a proxy we trust would not write this: keep the last address we can vouch for
    address = hop;
  }
  return address;
}
