"use client";

import { useState } from "react";
import { roleName, type SessionUser } from "@/lib/auth/roles";

/** Who is signed in, at the foot of the sidebar, with the way out. */
export function SignedInUser({ user }: { user: SessionUser }) {
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
    // a full load: every page is behind the session now gone, so this lands on the sign-in page
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/sign-in");
  }

  return (
    <div className="mt-4 border-t border-stone-200 px-3 pt-3 text-sm" aria-label="Signed in">
      <p className="truncate font-medium text-stone-900" title={user.email}>
        {user.name || user.email}
      </p>
      {user.name && (
        <p className="truncate text-stone-600" title={user.email}>
          {user.email}
        </p>
      )}
      <p className="text-stone-600">{roleName(user.role)}</p>
      <button type="button" onClick={signOut} disabled={pending} className="mt-2 text-sm font-medium text-blue-800 underline hover:text-blue-900 disabled:opacity-50">
        {pending ? "Signing out..." : "Sign out"}
      </button>
    </div>
  );
}
