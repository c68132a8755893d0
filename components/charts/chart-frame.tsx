"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { toCsv, type Cell } from "./csv";

// One frame for every chart: its title, the caption that says how to read it, the chart, its
// numbers as a table (for screen readers, for checking, and what "Download CSV" writes), and the
// downloads. SVG serialises the chart recharts drew; PNG draws that SVG on a canvas.

export interface ChartTable {
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** per row, a link down to the items behind it ("Show"), or several, each with its label */
  links?: (string | null | ChartLink[])[];
}

export interface ChartLink {
  label: string;
  href: string;
}

export function ChartFrame({
  title,
  caption,
  fileName,
  table,
  children,
  notes,
}: {
  title: string;
  caption: ReactNode;
  /** without extension, e.g. "pm-by-revision" */
  fileName: string;
  table: ChartTable;
  children: ReactNode;
  notes?: ReactNode;
}) {
  const chart = useRef<HTMLDivElement>(null);
  const svgText = (): string | undefined => {
    const svg = chart.current?.querySelector("svg.recharts-surface") ?? chart.current?.querySelector("svg");
    if (!svg) return undefined;
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    const { width, height } = svg.getBoundingClientRect();
    copy.setAttribute("width", String(Math.round(width)));
    copy.setAttribute("height", String(Math.round(height)));
    copy.setAttribute("font-family", "system-ui, sans-serif");
    return new XMLSerializer().serializeToString(copy);
  };
  const downloadSvg = () => {
    const text = svgText();
    if (text) save(new Blob([text], { type: "image/svg+xml" }), `${fileName}.svg`);
  };
  const downloadPng = () => {
    const text = svgText();
    const svg = chart.current?.querySelector("svg");
    if (!text || !svg) return;
    const { width, height } = svg.getBoundingClientRect();
    const image = new Image();
    image.onload = () => {
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const context = canvas.getContext("2d")!;
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => blob && save(blob, `${fileName}.png`), "image/png");
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  const downloadCsv = () => save(new Blob([toCsv(table.columns, table.rows)], { type: "text/csv;charset=utf-8" }), `${fileName}.csv`);

  return (
    <figure className="mb-8 rounded-lg border border-stone-200 bg-white p-4" aria-labelledby={`${fileName}-title`}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h2 id={`${fileName}-title`} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={downloadCsv}>
            Download CSV
          </Button>
          <Button variant="secondary" onClick={downloadSvg}>
            Download SVG
          </Button>
          <Button variant="secondary" onClick={downloadPng}>
            Download PNG
          </Button>
        </div>
      </div>
      <figcaption className="mb-4 max-w-3xl text-sm text-stone-700">{caption}</figcaption>
      {notes && <div className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{notes}</div>}
      <div ref={chart} className="w-full">
        {children}
      </div>
      <ChartDataTable table={table} />
    </figure>
  );
}

export function ChartDataTable({ table }: { table: ChartTable }) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="mb-1 text-left text-sm font-medium text-stone-800">{table.caption}</caption>
        <thead>
          <tr className="border-b border-stone-300 text-left">
            {table.columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-medium">
                {c}
              </th>
            ))}
            {table.links && (
              <th scope="col" className="px-2 py-1 font-medium">
                Items
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} className="border-b border-stone-100">
              {row.map((cell, j) => (
                <td key={j} className="px-2 py-1 tabular-nums">
                  {cell ?? ""}
                </td>
              ))}
              {table.links && (
                <td className="px-2 py-1 whitespace-nowrap">
                  <RowLinks links={table.links[i]} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowLinks({ links }: { links: string | null | ChartLink[] | undefined }) {
  if (!links) return null;
  if (typeof links === "string") return <a href={links}>Show</a>;
  return (
    <span className="flex gap-3">
      {links.map((link) => (
        <a key={link.href} href={link.href}>
          {link.label}
        </a>
      ))}
    </span>
  );
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
