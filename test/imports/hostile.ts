import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";

// Hostile files of the shapes a security audit used (issue 12), made small and fast in the test
// itself: gzip bombs, a Parquet file whose metadata claims 120 million rows, a CSV quote that never
// closes, a flood of blank lines.

/**
 * A gzip of `head` then `megabytes` MB of `fill`. Gzip members may follow one another, and gunzip
 * reads them as one stream: one member of 1 MB of fill, repeated, makes a bomb of any size at once.
 */
export function gzipBomb(head: string, fill: string, megabytes: number): Buffer {
  const block = gzipSync(Buffer.from(fill.repeat(Math.ceil((1024 * 1024) / fill.length)).slice(0, 1024 * 1024)), { level: 9 });
  return Buffer.concat([gzipSync(Buffer.from(head)), ...Array.from({ length: megabytes }, () => block)]);
}

const zigzagVarint = (value: number): Buffer => {
  const bytes: number[] = [];
  let v = value * 2; // zigzag of a positive number
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Buffer.from(bytes);
};

/**
 * A Parquet file of identical prompt rows in one row group whose footer says it holds `claimedRows`
 * rows. It is written with `realRows` rows, and the row counts in its footer (thrift varints of the
 * same length) are rewritten: the audit's 21 KB file of 120 million rows, without writing them.
 */
export function parquetClaimingRows(claimedRows = 120_000_000, realRows = 1_100_000): Buffer {
  const file = Buffer.from(parquetWriteBuffer({ columnData: [{ name: "prompt", data: new Array<string>(realRows).fill("Tell me a joke."), type: "STRING" }], rowGroupSize: realRows }));
  const footerLength = file.readUInt32LE(file.length - 8);
  const footerStart = file.length - 8 - footerLength;
  const from = zigzagVarint(realRows);
  const to = zigzagVarint(claimedRows);
  if (from.length !== to.length) throw new Error("the claimed and real row counts need varints of one length");
  for (let at = file.indexOf(from, footerStart); at !== -1; at = file.indexOf(from, at + 1)) to.copy(file, at);
  return file;
}

/** A CSV whose third line opens a quote that never closes, then `megabytes` MB of text. */
export function csvOpenQuote(megabytes: number): Buffer {
  return gzipBomb('prompt,tags\n"a fine prompt",a\n"this quote never closes,b\n', "more text inside the open quote\n", megabytes);
}
