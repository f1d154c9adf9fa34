/**
 * Tree helpers the mutators share: walking every node, and telling type-level syntax (which tsx
 * erases without checking, so mutating it can never change behaviour) from runtime code.
 */
import type { Node } from 'web-tree-sitter';

/** Every node of the subtree rooted at `root` (itself included), anonymous tokens too, in source order. */
export function* allNodes(root: Node): Generator<Node> {
  yield root;
  for (const child of root.children) yield* allNodes(child);
}

/** TypeScript nodes whose subtree is types only: erased at run time. */
const TYPE_CONTEXTS: ReadonlySet<string> = new Set([
  'type_annotation',
  'literal_type',
  'type_arguments',
  'type_parameters',
  'type_alias_declaration',
  'interface_declaration',
  'ambient_declaration',
  'satisfies_expression',
]);

/**
 * True when `node` sits in type-level syntax: a `0 | 1` literal type or `x: true` annotation is
 * erased before running, so a mutant there would be an equivalent mutant that no test can kill.
 */
export function inTypeContext(node: Node): boolean {
  for (let n: Node | null = node.parent; n !== null; n = n.parent) {
    if (TYPE_CONTEXTS.has(n.type)) return true;
  }
  return false;
}

/** Named children that are not comments (comments can sit between arguments). */
export function codeChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}
