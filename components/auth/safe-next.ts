// Where to go after signing in: only a path inside the studio, never another site ("//evil.test",
// "https://..."), so a crafted sign-in link cannot send someone away with their session.
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/datasets";
  if (next.startsWith("/sign-in") || next.startsWith("/setup")) return "/datasets";
  return next;
}
