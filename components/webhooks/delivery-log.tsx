"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/components/ui/format";
import { PageButtons, useKeysetPages } from "@/components/ui/keyset-pages";
import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";
import { Cell, Row, RowHeader, Table } from "@/components/ui/table";
import { fetchDeliveries, type DeliveryItem } from "./api";

// A webhook's deliveries, newest first: the event, where it is, the last response code, attempts
// and when; each delivery's attempts open below it, with what the receiver said. The receiver's
// words are text (React escapes them), never markup.

const STATUS: Record<DeliveryItem["status"], { word: string; tone: StatusTone }> = {
  PENDING: { word: "waiting", tone: "waiting" },
  SENDING: { word: "sending", tone: "active" },
  DELIVERED: { word: "delivered", tone: "success" },
  FAILED: { word: "failed", tone: "failure" },
  CANCELLED: { word: "cancelled", tone: "stopped" },
};

export function DeliveryLog({ webhookId }: { webhookId: number }) {
  const pages = useKeysetPages<number>();
  const { data, error, isPending } = useQuery({
    queryKey: ["webhook-deliveries", webhookId, pages.cursor],
    queryFn: () => fetchDeliveries(webhookId, pages.cursor),
    // a delivery being retried moves on by itself
    refetchInterval: 5_000,
  });
  if (error)
    return (
      <p role="alert" className="text-red-900">
        The deliveries could not be loaded: {error.message}
      </p>
    );
  if (isPending) return <p className="text-sm text-stone-600">Loading deliveries...</p>;
  if (data.deliveries.length === 0 && pages.isFirst) return <p className="text-sm text-stone-600">No deliveries yet. Send a test event, or wait for one of its events.</p>;
  return (
    <div className="space-y-2">
      <Table
        label="Deliveries"
        columns={[{ header: "Event" }, { header: "Status" }, { header: "Response", className: "text-right" }, { header: "Attempts", className: "text-right" }, { header: "Time" }]}
      >
        {data.deliveries.map((delivery) => (
          <Delivery key={delivery.id} delivery={delivery} />
        ))}
      </Table>
      <PageButtons pages={pages} nextCursor={data.nextBefore} label="Delivery pages" words={["Newer", "Older"]} />
    </div>
  );
}

function Delivery({ delivery }: { delivery: DeliveryItem }) {
  const status = STATUS[delivery.status];
  return (
    <Row>
      <RowHeader>
        <span className="font-mono">{delivery.eventType}</span>
        <details className="mt-1 font-normal">
          <summary className="cursor-pointer text-sm text-stone-600">{delivery.messageId}</summary>
          {delivery.attemptLog.length === 0 ? (
            <p className="mt-1 text-sm text-stone-600">No attempt yet.</p>
          ) : (
            <ol className="mt-1 space-y-1 text-sm">
              {delivery.attemptLog.map((attempt) => (
                <li key={attempt.attempt}>
                  #{attempt.attempt} {formatDateTime(attempt.startedAt)}: {attempt.status ?? "no answer"} in {attempt.durationMs} ms{attempt.error ? `, ${attempt.error}` : ""}
                  {attempt.responseBody && <pre className="mt-1 max-h-24 overflow-auto rounded bg-stone-100 p-2 text-xs whitespace-pre-wrap">{attempt.responseBody}</pre>}
                </li>
              ))}
            </ol>
          )}
        </details>
      </RowHeader>
      <Cell>
        <StatusBadge tone={status.tone}>{status.word}</StatusBadge>
        {delivery.lastError && <p className="mt-1 text-sm text-stone-700">{delivery.lastError}</p>}
        {delivery.nextAttemptAt && delivery.attempts > 0 && <p className="mt-1 text-sm text-stone-600">next attempt {formatDateTime(delivery.nextAttemptAt)}</p>}
      </Cell>
      <Cell className="text-right tabular-nums">{delivery.lastStatus ?? "-"}</Cell>
      <Cell className="text-right tabular-nums">{delivery.attempts}</Cell>
      <Cell className="whitespace-nowrap text-stone-600">{formatDateTime(delivery.finishedAt ?? delivery.createdAt)}</Cell>
    </Row>
  );
}
