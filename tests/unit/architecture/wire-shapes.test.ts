import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * One schema per wire shape (lib/wire/README.md): a shape that crosses HTTP is declared once, in
 * lib/wire, and the route, the browser and the API tests import it. This test reads the source and
 * fails when it is declared a second time:
 * - anywhere in app/, components/ or lib/, as a zod object or a TypeScript interface / type literal
 *   with exactly the fields of a lib/wire schema (how HistoryRun, GraphDiffEdge and the order details
 *   used to be declared on both sides);
 * - in browser code (components/, app/ pages), as any zod object at all: what the browser reads from
 *   the API it parses with lib/wire's schemas; the few schemas of its own (what a tab keeps in
 *   sessionStorage) are listed below with why.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** Browser files that declare a schema of their own, and why it is not a wire shape. */
const BROWSER_SCHEMAS_ALLOWED: Record<string, string> = {
  'components/store/store-memory.ts': "what a tab keeps in sessionStorage, not an API's answer",
};

/**
 * Server-side values with a wire shape's field names but other types, which a route maps to the wire
 * shape: not a second declaration of it.
 */
const SAME_FIELDS_OTHER_TYPES: Record<string, string> = {
  'lib/faults/rule-schema.ts': 'FaultRule: dates as Date, params parsed; ruleView() makes the wire view of it',
  'lib/faults/presets.ts': 'the rules created as FaultRule rows; the route sends them through ruleView()',
};

/** Shapes this small (an id and a message, say) recur without being the same thing. */
const MIN_FIELDS = 3;

interface Declared {
  file: string;
  line: number;
  kind: 'zod' | 'type';
  fields: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // Prisma's generated clients (git-ignored) are the database's shapes, not ours.
    if (entry.isDirectory()) return /^lib\/db\/generated/.test(path) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const ZOD_OBJECTS = new Set(['object', 'looseObject', 'strictObject']);

const propertyName = (name: ts.PropertyName | undefined): string | null =>
  name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : null;

/** Every object shape a file declares: zod object literals, interfaces and object type literals. */
export function declaredShapes(file: string, text: string): Declared[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Declared[] = [];
  const add = (node: ts.Node, kind: Declared['kind'], names: (string | null)[]) => {
    const fields = names.filter((n): n is string => n !== null);
    if (fields.length < MIN_FIELDS) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push({ file, line, kind, fields: [...new Set(fields)].sort().join(',') });
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ZOD_OBJECTS.has(node.expression.name.text) &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      add(
        node,
        'zod',
        node.arguments[0].properties.map((p) => (ts.isSpreadAssignment(p) ? null : propertyName(p.name))),
      );
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node)) {
      add(
        node,
        'type',
        node.members.map((m) => (ts.isPropertySignature(m) ? propertyName(m.name) : null)),
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isBrowserFile = (file: string) =>
  file.startsWith('components/') || (file.startsWith('app/') && !file.startsWith('app/api/'));

function allShapes(): Declared[] {
  return ['app', 'components', 'lib'].flatMap((dir) =>
    sourceFiles(dir).flatMap((path) =>
      declaredShapes(relative(ROOT, join(ROOT, path)), readFileSync(join(ROOT, path), 'utf8')),
    ),
  );
}

/** Shapes declared outside lib/wire with exactly the fields of one of its schemas. */
export function duplicatesOfWireShapes(shapes: Declared[]): string[] {
  const wire = new Map<string, Declared>();
  for (const s of shapes) if (s.file.startsWith('lib/wire/') && s.kind === 'zod') wire.set(s.fields, s);
  return shapes
    .filter((s) => !s.file.startsWith('lib/wire/') && !(s.file in SAME_FIELDS_OTHER_TYPES) && wire.has(s.fields))
    .map((s) => {
      const original = wire.get(s.fields)!;
      return `${s.file}:${s.line} declares { ${s.fields} }, already ${original.file}:${original.line}: import it from there`;
    });
}

/** Zod objects declared in browser code that is not on the allowed list. */
export function browserSchemas(shapes: Declared[]): string[] {
  return shapes
    .filter((s) => s.kind === 'zod' && isBrowserFile(s.file) && !(s.file in BROWSER_SCHEMAS_ALLOWED))
    .map((s) => `${s.file}:${s.line} declares a zod object { ${s.fields} }: parse with a schema from lib/wire instead`);
}

describe('wire shapes', () => {
  const shapes = allShapes();

  it('finds the schemas it checks (the scan reads lib/wire)', () => {
    expect(shapes.filter((s) => s.file.startsWith('lib/wire/') && s.kind === 'zod').length).toBeGreaterThan(20);
  });

  it('are declared once, in lib/wire: no copy of their fields elsewhere', () => {
    expect(duplicatesOfWireShapes(shapes)).toEqual([]);
  });

  it('are parsed in the browser with lib/wire schemas, never with schemas of its own', () => {
    expect(browserSchemas(shapes)).toEqual([]);
  });

  it('catch a copy on either side: a browser schema or a lib interface with a wire shape’s fields', () => {
    const copied = [
      ...declaredShapes(
        'lib/wire/example.ts',
        'export const s = z.object({ runId: z.string(), live: z.boolean(), pace: z.string() });',
      ),
      ...declaredShapes(
        'components/api/example.ts',
        'const s = z.object({ pace: z.string(), runId: z.string(), live: z.boolean() });',
      ),
      ...declaredShapes(
        'lib/example/example.ts',
        'export interface Pace { runId: string; live: boolean; pace: string }',
      ),
    ];
    expect(duplicatesOfWireShapes(copied)).toEqual([
      expect.stringContaining('components/api/example.ts:1'),
      expect.stringContaining('lib/example/example.ts:1'),
    ]);
    expect(browserSchemas(copied)).toEqual([expect.stringContaining('components/api/example.ts:1')]);
  });
});
