// A JSON Schema as people read one: each field with its type and whether it is required, objects
// and arrays unfolded underneath, a long list of fields folded away until it is opened.

type Schema = { [key: string]: unknown };

export function SchemaView({ schema }: { schema: Schema }) {
  return (
    <div className="font-mono text-sm">
      {typeWords(schema)}
      {<Fields schema={schema} />}
    </div>
  );
}

function Fields({ schema }: { schema: Schema }) {
  const inner = itemsOf(schema);
  const properties = (inner.properties ?? {}) as Record<string, Schema>;
  const required = new Set((inner.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) return null;
  const list = (
    <ul className="ml-4 border-l border-stone-200 pl-3">
      {names.map((name) => (
        <li key={name} className="py-0.5">
          <span className="text-stone-900">{name}</span>
          {!required.has(name) && <span className="text-stone-500">?</span>} <span className="text-stone-600">{typeWords(properties[name]!)}</span>
          {typeof properties[name]!.description === "string" && <span className="ml-2 font-sans text-stone-600">{properties[name]!.description as string}</span>}
          <Fields schema={properties[name]!} />
        </li>
      ))}
    </ul>
  );
  return names.length > 12 ? (
    <details>
      <summary className="cursor-pointer text-stone-600">{names.length} fields</summary>
      {list}
    </details>
  ) : (
    list
  );
}

/** The object a schema describes, looking through arrays and a nullable's null. */
function itemsOf(schema: Schema): Schema {
  if (schema.type === "array" && schema.items) return itemsOf(schema.items as Schema);
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  const objects = options?.filter((option) => option.type === "object" || option.type === "array");
  return objects?.length === 1 ? itemsOf(objects[0]!) : schema;
}

/** "string", "integer ≥ 1", "one of A, B", "array of object", "string or null". */
export function typeWords(schema: Schema): string {
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (options) return options.map(typeWords).join(" or ");
  if (schema.type === "array") return `array of ${schema.items ? typeWords(schema.items as Schema) : "anything"}`;
  if (typeof schema.type === "string") {
    const limits = [
      typeof schema.minimum === "number" ? `≥ ${schema.minimum}` : typeof schema.exclusiveMinimum === "number" ? `> ${schema.exclusiveMinimum}` : "",
      typeof schema.maxLength === "number" ? `at most ${schema.maxLength} characters` : "",
      typeof schema.format === "string" ? `(${schema.format})` : "",
      "default" in schema ? `default ${JSON.stringify(schema.default)}` : "",
    ].filter(Boolean);
    return [schema.type, ...limits].join(" ");
  }
  return "anything";
}
