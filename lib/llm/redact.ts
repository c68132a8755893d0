// Error bodies are written by the server, and some echo the credential they rejected. Anything
// that may reach a log, the database or the browser goes through here first.

const REDACTED = "[redacted]";

/** `text` with every occurrence of `secret`, and of bearer tokens in general, replaced. */
export function redactSecret(text: string, secret: string | undefined): string {
  let result = text;
  if (secret) result = result.split(secret).join(REDACTED);
  return result.replace(/\b(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
}

/** A base URL fit for messages: no user:password@ and no query string, either of which may hold a key. */
export function displayableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(invalid base URL)";
  }
}
