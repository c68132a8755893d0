// The studio's sections, in the order a researcher meets them.
export const NAV_LINKS = [
  { href: "/datasets", label: "Datasets" },
  { href: "/prompts", label: "Prompts" },
  { href: "/runs", label: "Runs" },
  { href: "/comparisons", label: "Comparisons" },
  { href: "/review", label: "Review" },
  { href: "/agreement", label: "Agreement" },
  { href: "/charts", label: "Charts" },
  { href: "/experiments", label: "Experiments" },
  { href: "/exports", label: "Exports" },
  { href: "/constitutions", label: "Constitutions" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
] as const;
