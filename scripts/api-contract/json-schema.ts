// A TypeScript type, as the compiler resolved it, written as JSON Schema (2020-12, the dialect of
// OpenAPI 3.1): what an answer of lib/schemas/responses looks like on the wire. Only what JSON can
// carry is described; a type that refers to itself (Prisma's JsonValue) is "any JSON" from the
// second time round.
import ts from "typescript";

export type JsonSchema = { [key: string]: unknown };

export function typeToJsonSchema(type: ts.Type, checker: ts.TypeChecker, seen: ts.Type[] = []): JsonSchema {
  if (seen.includes(type)) return {};
  const inner = (t: ts.Type) => typeToJsonSchema(t, checker, [...seen, type]);
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (flags & ts.TypeFlags.Null) return { type: "null" };
  if (flags & ts.TypeFlags.StringLiteral) return { type: "string", const: (type as ts.StringLiteralType).value };
  if (flags & ts.TypeFlags.NumberLiteral) return { type: "number", const: (type as ts.NumberLiteralType).value };
  if (flags & ts.TypeFlags.BooleanLiteral) return { type: "boolean", const: checker.typeToString(type) === "true" };
  if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return { type: "string" };
  if (flags & ts.TypeFlags.Number) return { type: "number" };
  if (flags & ts.TypeFlags.Boolean) return { type: "boolean" };
  if (flags & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { type: "integer" };
  if (type.isUnion()) return unionSchema(type, checker, inner);
  if (checker.isArrayType(type)) return { type: "array", items: inner(checker.getTypeArguments(type as ts.TypeReference)[0]!) };
  if (checker.isTupleType(type)) {
    const items = checker.getTypeArguments(type as ts.TypeReference).map(inner);
    return { type: "array", prefixItems: items, minItems: items.length, maxItems: items.length };
  }
  if (type.getSymbol()?.name === "Date") return { type: "string", format: "date-time" };
  if (flags & ts.TypeFlags.Object || type.isIntersection()) return objectSchema(type, checker, inner);
  return {};
}

function unionSchema(type: ts.UnionType, checker: ts.TypeChecker, inner: (t: ts.Type) => JsonSchema): JsonSchema {
  // undefined and functions never reach JSON; true | false is boolean
  const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)));
  const literals = members.filter((t) => t.flags & ts.TypeFlags.StringLiteral).map((t) => (t as ts.StringLiteralType).value);
  const booleans = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
  const rest = members.filter((t) => !(t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral)));
  const options: JsonSchema[] = [];
  if (literals.length) options.push({ type: "string", enum: literals });
  if (booleans.length === 2) options.push({ type: "boolean" });
  else options.push(...booleans.map(inner));
  options.push(...rest.map(inner));
  return options.length === 1 ? options[0]! : { anyOf: options };
}

function objectSchema(type: ts.Type, checker: ts.TypeChecker, inner: (t: ts.Type) => JsonSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.getCallSignatures().length > 0 || propertyType.flags & ts.TypeFlags.Never) continue;
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || (propertyType.isUnion() && propertyType.types.some((t) => t.flags & ts.TypeFlags.Undefined));
    properties[property.name] = inner(propertyType); // unionSchema leaves out the undefined of an optional one
    if (!optional) required.push(property.name);
  }
  const schema: JsonSchema = { type: "object", properties };
  if (required.length) schema.required = required;
  const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number));
  if (index) schema.additionalProperties = inner(index.type);
  return schema;
}
