import "server-only";
import type { Turn } from "@/lib/formats/records";
import { db } from "../../db";

/** A prompt's conversation, which an item of every kind that answers or scores it sends. */
export async function promptTurns(promptId: number): Promise<Turn[]> {
  const prompt = await db.selectFrom("Prompt").select("turns").where("id", "=", promptId).$castTo<{ turns: Turn[] }>().executeTakeFirstOrThrow();
  return prompt.turns;
}
