import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/providers/query-provider";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CAI Studio", template: "%s · CAI Studio" },
  description: "Produce, inspect and curate Constitutional AI training data.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="flex min-h-screen flex-col md:flex-row">
          <aside className="border-b border-stone-200 bg-stone-100 px-3 py-3 md:w-52 md:shrink-0 md:border-r md:border-b-0 md:py-5">
            <Link href="/datasets" className="mb-4 block px-3 text-base font-bold text-stone-950 no-underline hover:no-underline">
              CAI Studio
            </Link>
            <SidebarNav />
          </aside>
          <main className="min-w-0 flex-1 px-4 py-6 md:px-8">
            <QueryProvider>{children}</QueryProvider>
          </main>
        </div>
      </body>
    </html>
  );
}
