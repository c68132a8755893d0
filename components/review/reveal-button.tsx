"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";

/** Asks for the AI's judgment in a blind queue; the answer given after it is recorded as having seen it. */
export function RevealButton() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const reveal = () => {
    const params = new URLSearchParams(searchParams);
    params.set("reveal", "true");
    router.replace(`${pathname}?${params}`);
  };
  return <Button variant="secondary" onClick={reveal}>Show AI judgment</Button>;
}
