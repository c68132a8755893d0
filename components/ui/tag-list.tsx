import Link from "next/link";

export function TagList({ tags, hrefFor }: { tags: string[]; hrefFor?: (tag: string) => string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag} className="rounded bg-stone-200 px-1.5 py-0.5 text-xs text-stone-800">
          {hrefFor ? (
            <Link href={hrefFor(tag)} className="text-stone-800">
              {tag}
            </Link>
          ) : (
            tag
          )}
        </li>
      ))}
    </ul>
  );
}
