import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      <p>
        There is nothing at this address. It may have been deleted, or the link is wrong. Go back to the <Link href="/datasets">datasets</Link>.
      </p>
    </EmptyState>
  );
}
