// Where to go after signing in: only a path inside the studio, never another site ("//evil.test",
// "https://...", "/\t/evil.test": browsers drop tabs and line breaks from a URL, so that one is
// "//evil.test" by the time it is followed), so a crafted sign-in link cannot send someone away
// with their session. The path is read as a browser reads it (the WHATWG URL parser), and what
// comes back is the parser's own serialisation: percent-encoded, so it is also a valid Location
// header (a raw line break in one made the signed-in redirect a 500).

const DEFAULT_PATH = "/datasets";
const BASE = "http://studio.invalid";

export function safeNextPath(next: string | null | undefined): string {
  // control characters are refused on purpose: a browser drops tab/CR/LF inside a URL, which hides a path
  // eslint-disable-next-line no-control-regex
  if (!next || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_PATH;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return DEFAULT_PATH;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== BASE || !path.startsWith("/") || path.startsWith("//")) return DEFAULT_PATH;
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname === "/setup" || url.pathname.startsWith("/setup/")) return DEFAULT_PATH;
  return path;
}
