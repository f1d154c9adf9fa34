/**
 * Outline of a TypeScript, TSX or JavaScript module: its top-level declarations, class members and
 * exported names (ES modules, plus the common CommonJS `exports.x =` / `module.exports =` forms).
 *
 * Only top-level statements are read: a declaration inside a function or a namespace is not a
 * module-level symbol, and treating it as one would let `symbol_present` pass on dead code.
 */
import type { Node } from 'web-tree-sitter';

import { makeSymbol, startLine, stringValue } from './nodes.js';
import type { ExportEntry, Outline, SymbolInfo, SymbolKind } from './types.js';

/** Expression node types that make a `const f = ...` binding a function. */
const FUNCTION_VALUES: ReadonlySet<string> = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/** Declarations whose single name is in their `name` field. */
const NAMED_KINDS: Readonly<Record<string, SymbolKind>> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
};

/** Builds the outline of a parsed TS/TSX/JS program. */
export function outlineEcmascript(program: Node): Outline {
  const builder = new EcmaOutline();
  for (const statement of program.namedChildren) builder.statement(statement);
  return builder.finish();
}

class EcmaOutline {
  private readonly symbols: SymbolInfo[] = [];
  private readonly exports: ExportEntry[] = [];
  /** Local bindings exported by name elsewhere (`export { a }`, `export default a`, `exports.x = a`). */
  private readonly exportedLocals = new Set<string>();
  /** Bodiless `function f(): T;` signatures, kept only when no implementation follows (overloads). */
  private readonly signatures: SymbolInfo[] = [];
  /** The class of each method (kept apart because computed names like `[Symbol.iterator]` contain dots). */
  private readonly owners = new Map<SymbolInfo, string>();

  statement(node: Node): void {
    if (node.type === 'export_statement') this.exportStatement(node);
    else if (node.type === 'expression_statement') this.commonJsExport(node);
    else this.declaration(node, false, [], false);
  }

  finish(): Outline {
    const implemented = new Set(this.symbols.filter((s) => s.kind === 'function').map((s) => s.qualifiedName));
    for (const signature of this.signatures) {
      if (!implemented.has(signature.qualifiedName)) this.symbols.push(signature);
    }
    const exportedTop = new Set<string>();
    for (const symbol of this.symbols) {
      if (symbol.kind !== 'method' && this.exportedLocals.has(symbol.name)) symbol.exported = true;
      if (symbol.kind !== 'method' && symbol.exported) exportedTop.add(symbol.qualifiedName);
    }
    for (const symbol of this.symbols) {
      const owner = this.owners.get(symbol);
      if (owner !== undefined) symbol.exported = exportedTop.has(owner);
    }
    this.symbols.sort((a, b) => a.startLine - b.startLine);
    return { symbols: this.symbols, exports: this.exports };
  }

  private exportStatement(node: Node): void {
    const line = startLine(node);
    const isDefault = node.children.some((child) => !child.isNamed && child.type === 'default');
    const declaration = node.childForFieldName('declaration');
    const value = node.childForFieldName('value');
    const source = node.childForFieldName('source');
    const clause = node.namedChildren.find((child) => child.type === 'export_clause');
    const namespace = node.namedChildren.find((child) => child.type === 'namespace_export');

    if (declaration !== null) {
      const decorators = node.childrenForFieldName('decorator');
      this.declaration(declaration, true, decorators, isDefault);
      const names = isDefault ? ['default'] : declaredNames(declaration);
      for (const name of names) this.exports.push({ name, line });
    } else if (value !== null) {
      // `export default <expression>`; an identifier exports an existing binding.
      if (value.type === 'identifier') this.exportedLocals.add(value.text);
      else this.anonymousDefault(value);
      this.exports.push({ name: 'default', line });
    } else if (clause !== undefined) {
      for (const specifier of clause.namedChildren) {
        if (specifier.type !== 'export_specifier') continue;
        const local = specifier.childForFieldName('name');
        const alias = specifier.childForFieldName('alias');
        if (local === null) continue;
        // A re-export (`from`) names another module's binding, not a local one.
        if (source === null) this.exportedLocals.add(nameText(local));
        this.exports.push({ name: nameText(alias ?? local), line: startLine(specifier) });
      }
    } else if (namespace !== undefined) {
      const alias = namespace.namedChildren.at(-1);
      if (alias !== undefined) this.exports.push({ name: nameText(alias), line });
    } else if (source !== null) {
      this.exports.push({ name: `* from ${stringValue(source)}`, line });
    } else {
      // TypeScript `export = expression;`: the module object itself, which importers see as default.
      const target = node.namedChildren[0];
      if (target?.type === 'identifier') this.exportedLocals.add(target.text);
      this.exports.push({ name: 'default', line });
    }
  }

  /** `export default function () {}`, `export default class {}` or `export default { ... }`. */
  private anonymousDefault(value: Node): void {
    if (FUNCTION_VALUES.has(value.type)) this.symbols.push(makeSymbol('default', 'default', 'function', value, true));
    else if (value.type === 'class') this.classSymbol('default', value, [], true);
    else this.symbols.push(makeSymbol('default', 'default', 'variable', value, true));
  }

  private declaration(node: Node, exported: boolean, decorators: readonly Node[], isDefault: boolean): void {
    const kind = NAMED_KINDS[node.type];
    if (kind !== undefined) {
      const nameNode = node.childForFieldName('name');
      const name = nameNode === null ? (isDefault ? 'default' : undefined) : nameText(nameNode);
      if (name === undefined) return;
      if (kind === 'class') this.classSymbol(name, node, decorators, exported);
      else this.symbols.push(makeSymbol(name, name, kind, node, exported, decorators));
      return;
    }
    switch (node.type) {
      case 'function_signature': {
        const nameNode = node.childForFieldName('name');
        if (nameNode !== null) this.signatures.push(makeSymbol(nameNode.text, nameNode.text, 'function', node, exported));
        return;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const declarator of node.namedChildren) {
          if (declarator.type === 'variable_declarator') this.declarator(declarator, exported);
        }
        return;
      case 'ambient_declaration':
        // `declare function f(): void;`, `declare const x: T;`, `declare class C {}`.
        for (const inner of node.namedChildren) this.declaration(inner, exported, decorators, false);
        return;
      default:
        return;
    }
  }

  private declarator(declarator: Node, exported: boolean): void {
    const target = declarator.childForFieldName('name');
    if (target === null) return;
    const value = declarator.childForFieldName('value');
    if (target.type === 'identifier' && value?.type === 'class') {
      this.classSymbol(target.text, declarator, [], exported, value);
      return;
    }
    const kind: SymbolKind = target.type === 'identifier' && value !== null && FUNCTION_VALUES.has(value.type) ? 'function' : 'variable';
    for (const name of patternNames(target)) this.symbols.push(makeSymbol(name, name, kind, declarator, exported));
  }

  /**
   * Adds a class and its methods. `whole` is the node the class symbol covers; `classNode` holds
   * the body (the declaration itself, or the `class` expression of `const K = class {}`).
   */
  private classSymbol(name: string, whole: Node, decorators: readonly Node[], exported: boolean, classNode: Node = whole): void {
    this.symbols.push(makeSymbol(name, name, 'class', whole, exported, decorators));
    const body = classNode.childForFieldName('body');
    if (body === null) return;
    let pending: Node[] = [];
    const implemented = new Set<string>();
    const signatures: SymbolInfo[] = [];
    for (const member of body.namedChildren) {
      if (member.type === 'decorator') {
        // Member decorators are siblings before the member in the class body.
        pending.push(member);
        continue;
      }
      const method = memberMethod(member);
      if (method !== undefined) {
        const symbol = makeSymbol(method.name, `${name}.${method.name}`, 'method', member, exported, pending);
        this.owners.set(symbol, name);
        if (method.signatureOnly) signatures.push(symbol);
        else {
          implemented.add(method.name);
          this.symbols.push(symbol);
        }
      }
      pending = [];
    }
    // Overload signatures stand in for a method only when it has no body (`declare class`, .d.ts).
    for (const signature of signatures) {
      if (!implemented.has(signature.name)) {
        implemented.add(signature.name);
        this.symbols.push(signature);
      }
    }
  }

  /** CommonJS: `exports.x = ...`, `module.exports.x = ...`, `module.exports = ...`. */
  private commonJsExport(statement: Node): void {
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment_expression') return;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left === null || right === null || left.type !== 'member_expression') return;
    const line = startLine(statement);
    const object = left.childForFieldName('object');
    const property = left.childForFieldName('property');
    if (object === null || property === null) return;
    if (isModuleExports(left)) {
      if (right.type === 'object') {
        for (const entry of right.namedChildren) this.commonJsObjectEntry(entry);
      } else {
        if (right.type === 'identifier') this.exportedLocals.add(right.text);
        this.exports.push({ name: 'default', line });
      }
    } else if ((object.type === 'identifier' && object.text === 'exports') || isModuleExports(object)) {
      if (right.type === 'identifier') this.exportedLocals.add(right.text);
      this.exports.push({ name: property.text, line });
    }
  }

  private commonJsObjectEntry(entry: Node): void {
    const line = startLine(entry);
    if (entry.type === 'shorthand_property_identifier') {
      this.exportedLocals.add(entry.text);
      this.exports.push({ name: entry.text, line });
      return;
    }
    if (entry.type !== 'pair' && entry.type !== 'method_definition') return;
    const key = entry.childForFieldName(entry.type === 'pair' ? 'key' : 'name');
    if (key === null) return;
    const value = entry.childForFieldName('value');
    if (entry.type === 'pair' && value?.type === 'identifier') this.exportedLocals.add(value.text);
    this.exports.push({ name: nameText(key), line });
  }
}

/** A class member that counts as a method: a method, an abstract or overload signature, or a field holding a function. */
function memberMethod(member: Node): { name: string; signatureOnly: boolean } | undefined {
  switch (member.type) {
    case 'method_definition':
    case 'abstract_method_signature': {
      const nameNode = member.childForFieldName('name');
      return nameNode === null ? undefined : { name: nameText(nameNode), signatureOnly: false };
    }
    case 'method_signature': {
      const nameNode = member.childForFieldName('name');
      return nameNode === null ? undefined : { name: nameText(nameNode), signatureOnly: true };
    }
    case 'public_field_definition':
    case 'field_definition': {
      // TS names the field `name`, JS `property`. `handle = () => {}` is a method in all but syntax.
      const nameNode = member.childForFieldName('name') ?? member.childForFieldName('property');
      const value = member.childForFieldName('value');
      if (nameNode === null || value === null || !FUNCTION_VALUES.has(value.type)) return undefined;
      return { name: nameText(nameNode), signatureOnly: false };
    }
    default:
      return undefined;
  }
}

/** Names a declaration introduces, for `export <declaration>`. */
function declaredNames(node: Node): string[] {
  switch (node.type) {
    case 'lexical_declaration':
    case 'variable_declaration':
      return node.namedChildren
        .filter((child) => child.type === 'variable_declarator')
        .flatMap((declarator) => {
          const target = declarator.childForFieldName('name');
          return target === null ? [] : patternNames(target);
        });
    case 'ambient_declaration':
      return node.namedChildren.flatMap(declaredNames);
    case 'import_alias': {
      const alias = node.namedChildren.find((child) => child.type === 'identifier');
      return alias === undefined ? [] : [alias.text];
    }
    default: {
      // Functions, classes, interfaces, types, enums, namespaces, signatures.
      const name = node.childForFieldName('name');
      return name === null ? [] : [nameText(name)];
    }
  }
}

/** Identifiers bound by a binding pattern (`a`, `{ a, b: [c, ...d] }`, `{ e = 1 }`). */
function patternNames(node: Node): string[] {
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [node.text];
    case 'pair_pattern': {
      const value = node.childForFieldName('value');
      return value === null ? [] : patternNames(value);
    }
    case 'assignment_pattern':
    case 'object_assignment_pattern': {
      const left = node.childForFieldName('left');
      return left === null ? [] : patternNames(left);
    }
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      return node.namedChildren.flatMap(patternNames);
    default:
      return [];
  }
}

/** `module.exports` exactly. */
function isModuleExports(node: Node): boolean {
  if (node.type !== 'member_expression') return false;
  const object = node.childForFieldName('object');
  const property = node.childForFieldName('property');
  return object?.type === 'identifier' && object.text === 'module' && property?.text === 'exports';
}

/** A property or binding name: string keys lose their quotes, everything else is its source text. */
function nameText(node: Node): string {
  return node.type === 'string' ? stringValue(node) : node.text;
}
