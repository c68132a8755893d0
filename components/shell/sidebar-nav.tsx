"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_LINKS } from "./nav-links";

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Studio">
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {NAV_LINKS.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(`${href}/`) || (href === "/datasets" && pathname.startsWith("/import"));
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm no-underline hover:bg-stone-200 hover:no-underline ${
                  current ? "bg-stone-200 font-semibold text-stone-950" : "text-stone-700"
                }`}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
