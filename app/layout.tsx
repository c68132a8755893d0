import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SessionUserProvider } from "@/components/auth/session-user";
import { SignedInUser } from "@/components/auth/signed-in-user";
import { QueryProvider } from "@/components/providers/query-provider";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { signedInUser } from "@/lib/server/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CAI Studio", template: "%s · CAI Studio" },
  description: "Produce, inspect and curate Constitutional AI training data.",
  icons: { icon: "/favicon.svg" },
};

// Who is signed in, for the sidebar only: the gate in front of every page is proxy.ts, because a
// layout does not run again on client-side navigation. Signed out (the sign-in and setup pages),
// there is no sidebar. Client components read the user (to hide what the role cannot do) from
// SessionUserProvider.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await signedInUser();
  return (
    <html lang="en">
      <body>
        {user ? (
          <div className="flex min-h-screen flex-col md:flex-row">
            <aside className="border-b border-stone-200 bg-stone-100 px-3 py-3 md:w-52 md:shrink-0 md:border-r md:border-b-0 md:py-5">
              <Link href="/datasets" className="mb-4 block px-3 text-base font-bold text-stone-950 no-underline hover:no-underline">
                CAI Studio
              </Link>
              <SidebarNav />
              <SignedInUser user={user} />
            </aside>
            <main className="min-w-0 flex-1 px-4 py-6 md:px-8">
              <SessionUserProvider user={user}>
                <QueryProvider>{children}</QueryProvider>
              </SessionUserProvider>
            </main>
          </div>
        ) : (
          <main className="min-h-screen bg-stone-50 px-4 py-6">{children}</main>
        )}
      </body>
    </html>
  );
}
