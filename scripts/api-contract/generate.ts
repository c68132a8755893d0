// The API's contract, read from the code that serves it (docs/decisions/010-openapi-from-the-code.md):
// every app/api/**/route.ts is read with the TypeScript compiler, and for each exported handler we
// take the role its respond() call names, the zod schemas its parseBody/parseInput calls parse
// (body, query string, path), its success status, and the lines of the file's header comment that
// describe it. The answer's JSON Schema comes from the same types the browser is typed with
// (lib/schemas/responses), resolved by the compiler. The result is lib/generated/api/contract.ts,
// which imports those very schema objects, so the document cannot describe a schema the route
// does not parse. No hand-written copy of either exists.
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { typeToJsonSchema, type JsonSchema } from "./json-schema";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const API = path.join(ROOT, "app/api");
const RESPONSES = path.join(ROOT, "lib/schemas/responses/index.ts");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
const ANSWERS_BY_METHOD: Record<Method, string> = { GET: "ApiGet", POST: "ApiPost", PUT: "ApiPut", PATCH: "ApiPatch", DELETE: "ApiDelete" };

export function routeFiles(dir = API): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return routeFiles(full);
      return /^route\.ts$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** "/api/runs/{id}/pause" for app/api/runs/[id]/pause/route.ts ([...all] becomes {all}). */
export function openApiPath(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return `/${segments.map((segment) => segment.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/")}`;
}

interface SchemaRef {
  /** the expression, its identifiers replaced by the aliases in `imports` */
  code: string;
}

interface Operation {
  method: Method;
  path: string;
  file: string;
  summary: string;
  /** null: the route answers signed out (Better Auth's own, the first-run setup) */
  role: string | null;
  status: number;
  body?: SchemaRef;
  query?: SchemaRef;
  params?: SchemaRef;
  rawBody?: string;
  /** JSON answers: their schema; others say what they send */
  answer: { json: JsonSchema | null } | { stream: string };
}

export function generateContract(): string {
  const files = routeFiles();
  const program = ts.createProgram({
    rootNames: [...files, RESPONSES],
    options: compilerOptions(),
  });
  const checker = program.getTypeChecker();
  const imports = new ImportTable();
  const answers = answerTypes(program, checker);
  const operations: Operation[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    for (const [method, body] of exportedHandlers(source)) operations.push(readHandler(body, method, source, file, checker, imports, answers));
  }
  return render(operations, imports);
}

/** A route file's handlers: `export async function GET(...)`, or `export const { GET, POST } = ...` (whose body is not ours to read). */
function exportedHandlers(source: ts.SourceFile): [Method, ts.Node | undefined][] {
  const exported = (statement: ts.Statement) => ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isMethod = (name: string): name is Method => (METHODS as readonly string[]).includes(name);
  return source.statements.filter(exported).flatMap((statement): [Method, ts.Node | undefined][] => {
    if (ts.isFunctionDeclaration(statement) && statement.name && isMethod(statement.name.text)) return [[statement.name.text, statement.body]];
    if (!ts.isVariableStatement(statement)) return [];
    return statement.declarationList.declarations.flatMap((declaration): [Method, undefined][] => {
      const names = ts.isObjectBindingPattern(declaration.name) ? declaration.name.elements.map((element) => element.name) : [declaration.name];
      return names.flatMap((name) => (ts.isIdentifier(name) && isMethod(name.text) ? [[name.text, undefined]] : []));
    });
  });
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT).options, noEmit: true };
}

function readHandler(
  body: ts.Node | undefined,
  method: Method,
  source: ts.SourceFile,
  file: string,
  checker: ts.TypeChecker,
  imports: ImportTable,
  answers: ReturnType<typeof answerTypes>,
): Operation {
  const apiPath = openApiPath(file);
  const operation: Operation = { method, path: apiPath, file: path.relative(ROOT, file), summary: summaryOf(source, method, apiPath), role: null, status: 200, answer: { json: null } };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const [first, second] = node.arguments;
      const callee = node.expression.text;
      if (callee === "respond" && second && ts.isStringLiteral(second)) operation.role = second.text;
      if (callee === "parseBody" && first) operation.body = imports.schema(first, source, checker);
      if (callee === "parseInput" && first && second) {
        const from = second.getText(source);
        if (from.includes("searchParamsObject")) operation.query = imports.schema(first, source, checker);
        else if (/\bparams\b/.test(from)) operation.params = imports.schema(first, source, checker);
      }
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === "status" && ts.isNumericLiteral(node.initializer)) {
      const status = Number(node.initializer.text);
      if (status >= 200 && status < 300) operation.status = status;
    }
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  const samplePath = apiPath.replace(/\{\w+\}/g, "1");
  const answer = answers.json(method, [samplePath, `${samplePath}?a=1`]);
  const other = answers.other("ApiOtherAnswers", `${method} ${apiPath}`);
  const rawBody = answers.other("ApiRawBodies", `${method} ${apiPath}`);
  if (rawBody) operation.rawBody = rawBody;
  if (answer) operation.answer = { json: operation.status === 204 ? null : typeToJsonSchema(answer, checker) };
  else if (other) operation.answer = { stream: other };
  else throw new Error(`${operation.file}: lib/schemas/responses/index.ts says nothing of what ${method} ${apiPath} answers`);
  return operation;
}

/** The header comment's lines about this method ("// GET /api/runs?before=: one page ..."), else the whole comment. */
function summaryOf(source: ts.SourceFile, method: Method, apiPath: string): string {
  const comments: string[] = [];
  for (const statement of source.statements) {
    for (const range of ts.getLeadingCommentRanges(source.text, statement.getFullStart()) ?? []) {
      const text = source.text.slice(range.pos, range.end);
      if (text.startsWith("//")) comments.push(text.replace(/^\/\/ ?/, ""));
    }
    if (comments.length) break;
  }
  const lines: string[] = [];
  let mine = false;
  for (const line of comments) {
    const starts = /^(GET|POST|PUT|PATCH|DELETE)\b/.exec(line);
    if (starts) mine = starts[1] === method;
    if (mine) lines.push(line);
  }
  return (lines.length ? lines : comments).join(" ").trim() || `${method} ${apiPath}`;
}

/** Which type of lib/schemas/responses answers a method on a path (tried as each sample path), or the media type of an answer that is not JSON. */
function answerTypes(program: ts.Program, checker: ts.TypeChecker) {
  const source = program.getSourceFile(RESPONSES)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const tableOf = (name: string) => checker.getDeclaredTypeOfSymbol(exported.find((symbol) => symbol.name === name)!);
  const json = (method: Method, samplePaths: string[]): ts.Type | undefined => {
    const table = tableOf(ANSWERS_BY_METHOD[method]);
    for (const sample of samplePaths) {
      const property = table.getProperty(sample);
      if (property) return checker.getTypeOfSymbol(property);
      const literal = checker.getStringLiteralType(sample);
      const index = checker.getIndexInfosOfType(table).find((info) => checker.isTypeAssignableTo(literal, info.keyType));
      if (index) return index.type;
    }
    return undefined;
  };
  const other = (table: "ApiOtherAnswers" | "ApiRawBodies", operation: string): string | undefined => {
    const property = tableOf(table).getProperty(operation);
    const type = property && checker.getTypeOfSymbol(property);
    return type?.isStringLiteral() ? type.value : undefined;
  };
  return { json, other };
}

/** The imports the generated module needs, each schema's identifiers renamed to a unique alias. */
class ImportTable {
  private readonly lines = new Map<string, string>();

  schema(expression: ts.Expression, source: ts.SourceFile, checker: ts.TypeChecker): SchemaRef {
    return { code: this.rewrite(expression, source, checker) };
  }

  render(): string {
    return [...this.lines.values()].join("\n");
  }

  private rewrite(expression: ts.Node, source: ts.SourceFile, checker: ts.TypeChecker): string {
    const edits: { start: number; end: number; text: string }[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isShorthandPropertyAssignment(node)) {
        edits.push({
          start: node.getStart(source),
          end: node.getEnd(),
          text: `${node.name.text}: ${this.resolve(node.name, checker.getShorthandAssignmentValueSymbol(node), source, checker)}`,
        });
        return;
      }
      if (ts.isPropertyAccessExpression(node)) return visit(node.expression);
      if (ts.isPropertyAssignment(node)) return visit(node.initializer);
      if (ts.isIdentifier(node)) {
        edits.push({ start: node.getStart(source), end: node.getEnd(), text: this.resolve(node, checker.getSymbolAtLocation(node), source, checker) });
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    let text = expression.getText(source);
    const offset = expression.getStart(source);
    for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start - offset) + edit.text + text.slice(edit.end - offset);
    return text;
  }

  /** An identifier as the generated module names it: an import of the same export, or a local constant's value. */
  private resolve(identifier: ts.Identifier, symbol: ts.Symbol | undefined, source: ts.SourceFile, checker: ts.TypeChecker): string {
    const declaration = symbol?.declarations?.[0];
    if (!declaration) throw new Error(`${source.fileName}: cannot tell what ${identifier.text} is`);
    if (ts.isImportSpecifier(declaration)) {
      const module = (declaration.parent.parent.parent.moduleSpecifier as ts.StringLiteral).text;
      const exportedName = (declaration.propertyName ?? declaration.name).text;
      const specifier = module.startsWith(".") ? `@/${path.relative(ROOT, path.resolve(path.dirname(source.fileName), module))}` : module;
      const alias = module === "zod" ? exportedName : `${exportedName}_${this.lines.size}`;
      const key = `${specifier}#${exportedName}`;
      const existing = this.lines.get(key);
      if (existing) return /as (\w+) \}/.exec(existing)?.[1] ?? exportedName;
      this.lines.set(key, module === "zod" ? `import { ${exportedName} } from "zod";` : `import { ${exportedName} as ${alias} } from "${specifier}";`);
      return alias;
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && declaration.getSourceFile() === source) {
      return `(${this.rewrite(declaration.initializer, source, checker)})`;
    }
    throw new Error(`${source.fileName}: ${identifier.text} is neither imported nor a constant of the route file`);
  }
}

function render(operations: Operation[], imports: ImportTable): string {
  const entries = operations.map((operation) => {
    const fields = [
      `method: ${JSON.stringify(operation.method)}`,
      `path: ${JSON.stringify(operation.path)}`,
      `file: ${JSON.stringify(operation.file)}`,
      `summary: ${JSON.stringify(operation.summary)}`,
      `role: ${JSON.stringify(operation.role)}`,
      `status: ${operation.status}`,
      ...(operation.rawBody ? [`rawBody: ${JSON.stringify(operation.rawBody)}`] : []),
      ...(["body", "query", "params"] as const).flatMap((key) => (operation[key] ? [`${key}: ${operation[key].code}`] : [])),
      `answer: ${JSON.stringify(operation.answer)}`,
    ];
    return `  {\n    ${fields.join(",\n    ")},\n  }`;
  });
  return `// Generated by scripts/api-contract/generate.ts from app/api/**/route.ts and lib/schemas/responses: do not edit.
import type { ContractOperation } from "@/lib/server/api/contract-types";
${imports.render()}

export const operations: ContractOperation[] = [
${entries.join(",\n")},
];
`;
}
