import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Bounds the cost of one operation by the number of fields it selects, fragments expanded.
 * Depth is bounded separately (Mercurius `queryDepth`).
 */
export function maxFieldsRule(maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let total = 0;
      for (const selection of set.selections) {
        if (total > maxFields) return total;
        if (selection.kind === Kind.FIELD) {
          total += 1 + (selection.selectionSet ? count(selection.selectionSet, seen) : 0);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += count(selection.selectionSet, seen);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          seen.add(name);
          total += count(fragment.selectionSet, seen);
          seen.delete(name);
        }
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const fields = count(node.selectionSet, new Set());
        if (fields > maxFields) {
          context.reportError(
            new GraphQLError(`Query is too complex: it selects more than ${maxFields} fields`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          );
        }
      },
    };
  };
}
