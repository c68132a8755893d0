// Reads newline-delimited JSON out of a text that keeps growing (XMLHttpRequest.responseText while
// the response streams in): each call hands back the lines completed since the previous call.

export function createNdjsonReader<T>() {
  let consumed = 0;
  return {
    /** Complete lines of `text` not returned before; a trailing partial line waits for more. */
    read(text: string, final = false): T[] {
      const end = final ? text.length : text.lastIndexOf("\n") + 1;
      if (end <= consumed) return [];
      const lines = text.slice(consumed, end).split("\n");
      consumed = end;
      return lines.filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as T);
    },
  };
}
