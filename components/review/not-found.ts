import "server-only";
import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/server/errors";

/** The work's result, or the 404 page when what it looked up is not there. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
