import Link from "next/link";

/**
 * Who made an export or started a run (an email, or "cli user@host"), linked to what they did: the
 * audit trail filtered to them.
 */
export function PersonLink({ who }: { who: string | null }) {
  if (!who) return <span className="text-stone-500">not recorded (the command line, or someone since removed)</span>;
  return <Link href={`/audit?who=${encodeURIComponent(who)}`}>{who}</Link>;
}
