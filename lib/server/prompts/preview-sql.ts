import "server-only";
import { sql, type RawBuilder } from "kysely";

/**
 * What the tables show of a prompt aliased `p`: the first `chars` characters of its last user turn
 * (null when it has none), read from its turns' JSON. The prompts, comparisons, run pairs and
 * review queue tables all select it.
 */
export function userTurnPreview(chars: number): RawBuilder<string | null> {
  return sql`(SELECT left(t.turn->>'content', ${chars}::int)
              FROM jsonb_array_elements(p.turns) WITH ORDINALITY AS t(turn, n)
             WHERE t.turn->>'role' = 'user' ORDER BY t.n DESC LIMIT 1)`;
}
