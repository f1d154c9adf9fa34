/**
 * Outline of a Python module: top-level functions, classes (with their methods and nested
 * classes), module-level assignments and `type` aliases, and the public names.
 *
 * Definitions under `if`/`try` at module level are not read: which branch runs is unknown
 * statically, and such definitions are rare in code that refactoring tasks target.
 */
import type { Node } from 'web-tree-sitter';

import { makeSymbol, startLine, stringValue } from './nodes.js';
import type { ExportEntry, Outline, SymbolInfo } from './types.js';

/** Builds the outline of a parsed Python module. */
export function outlinePython(module: Node): Outline {
  const symbols: SymbolInfo[] = [];
  const dunderAll = new DunderAll();
  for (const statement of module.namedChildren) {
    switch (statement.type) {
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        addDefinition(statement, '', symbols);
        break;
      case 'expression_statement':
        addAssignments(statement, symbols, dunderAll);
        break;
      case 'type_alias_statement': {
        const name = statement.childForFieldName('left')?.descendantsOfType('identifier')[0];
        if (name !== undefined) symbols.push(makeSymbol(name.text, name.text, 'type', statement, true));
        break;
      }
      default:
        break;
    }
  }

  const listed = dunderAll.names();
  const isPublic = (name: string): boolean => (listed === undefined ? !name.startsWith('_') : listed.some((entry) => entry.name === name));
  const topLevel = new Map<string, boolean>();
  for (const symbol of symbols) {
    if (symbol.kind === 'method' || symbol.qualifiedName.includes('.')) continue;
    symbol.exported = isPublic(symbol.name);
    topLevel.set(symbol.name, symbol.exported);
  }
  for (const symbol of symbols) {
    // Methods and nested classes follow their outermost class.
    if (symbol.qualifiedName.includes('.')) symbol.exported = topLevel.get(symbol.qualifiedName.split('.')[0] ?? '') ?? false;
  }

  const exports: ExportEntry[] =
    listed ?? symbols.filter((s) => s.exported && !s.qualifiedName.includes('.')).map((s) => ({ name: s.name, line: s.startLine }));
  return { symbols, exports };
}

/**
 * Adds a `def`, `class` or decorated one. `prefix` is the enclosing class path (`''` at module
 * level). A decorated definition's symbol covers its decorators too.
 */
function addDefinition(node: Node, prefix: string, symbols: SymbolInfo[]): void {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (definition === null) return;
  const nameNode = definition.childForFieldName('name');
  if (nameNode === null) return;
  const name = nameNode.text;
  const qualifiedName = prefix === '' ? name : `${prefix}.${name}`;
  if (definition.type === 'function_definition') {
    symbols.push(makeSymbol(name, qualifiedName, prefix === '' ? 'function' : 'method', node, false));
    return;
  }
  if (definition.type !== 'class_definition') return;
  symbols.push(makeSymbol(name, qualifiedName, 'class', node, false));
  const body = definition.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    if (member.type === 'function_definition' || member.type === 'class_definition' || member.type === 'decorated_definition') {
      addDefinition(member, qualifiedName, symbols);
    }
  }
}

/** Module-level `x = ...`, `a, b = ...`, `x = y = ...`, `x: T = ...`; also tracks `__all__`. */
function addAssignments(statement: Node, symbols: SymbolInfo[], dunderAll: DunderAll): void {
  const first = statement.namedChildren[0];
  if (first === undefined) return;
  if (first.type === 'augmented_assignment') {
    const left = first.childForFieldName('left');
    const right = first.childForFieldName('right');
    if (left?.type === 'identifier' && left.text === '__all__' && first.children.some((c) => c.type === '+=')) dunderAll.extend(right);
    return;
  }
  let assignment: Node | null | undefined = first;
  while (assignment?.type === 'assignment') {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left !== null) {
      if (left.type === 'identifier' && left.text === '__all__') dunderAll.assign(right?.type === 'assignment' ? null : right);
      for (const name of targetNames(left)) symbols.push(makeSymbol(name, name, 'variable', first, false));
    }
    // `x = y = 1` nests the second assignment as the right-hand side.
    assignment = right;
  }
}

/** Names bound by an assignment target; attributes and subscripts bind nothing new. */
function targetNames(node: Node): string[] {
  switch (node.type) {
    case 'identifier':
      return [node.text];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'list_splat_pattern':
      return node.namedChildren.flatMap(targetNames);
    default:
      return [];
  }
}

/**
 * The module's `__all__` as far as it can be read without running code: literal lists or tuples
 * of plain strings, assigned or `+=`-extended. Anything else makes it unknown.
 */
class DunderAll {
  private entries: ExportEntry[] | undefined;
  private dynamic = false;

  assign(value: Node | null): void {
    const literal = literalStrings(value);
    this.entries = literal;
    this.dynamic = literal === undefined;
  }

  extend(value: Node | null): void {
    const literal = literalStrings(value);
    if (literal === undefined || this.entries === undefined) this.dynamic = true;
    else this.entries = [...this.entries, ...literal];
  }

  /** The listed names, or `undefined` when `__all__` is absent or not a literal. */
  names(): ExportEntry[] | undefined {
    return this.dynamic ? undefined : this.entries;
  }
}

/** The strings of a literal list/tuple of plain (non-f, non-concatenated) strings, else undefined. */
function literalStrings(node: Node | null): ExportEntry[] | undefined {
  if (node === null || !['list', 'tuple', 'expression_list'].includes(node.type)) return undefined;
  const entries: ExportEntry[] = [];
  for (const item of node.namedChildren) {
    if (item.type === 'comment') continue;
    if (item.type !== 'string' || item.namedChildren.some((part) => part.type === 'interpolation')) return undefined;
    entries.push({ name: stringValue(item), line: startLine(item) });
  }
  return entries;
}
