import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** Deepest allowed field nesting (introspection fields `__*` are not counted). */
export const MAX_QUERY_DEPTH = 8;
/** Largest allowed estimated cost of one operation. */
export const MAX_QUERY_COMPLEXITY = 5_000;
/** Multiplier of a list field without a literal `limit` (a variable counts as the maximum page). */
const DEFAULT_LIST_SIZE = 50;
/** Multiplier of a list that is not paged (a proposal's votes, a channel's messages). */
const UNPAGED_LIST_SIZE = 10;
const MAX_LIST_SIZE = 200;

type Parent = { getFields(): Record<string, { type: GraphQLOutputType; args: readonly { name: string }[] }> } | undefined;

function parentOf(type: GraphQLType | null | undefined): Parent {
  const named = type ? getNamedType(type) : undefined;
  return named && (isObjectType(named) || isInterfaceType(named)) ? named : undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** Walks a selection set (fragments inlined) with `visit(field def, field node, depth)`. */
function measure(
  ctx: ValidationContext,
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: Parent,
  depth: number,
  seen: Set<string>,
  pageSize?: number,
): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const def = parent?.getFields()[sel.name.value];
      // A paged field's `limit` sizes the list right below it (`items`, 50 without `limit`); other lists count 10.
      const limit = sel.arguments?.find((a) => a.name.value === 'limit');
      let childPage: number | undefined;
      if (limit?.value.kind === Kind.INT) childPage = Math.max(1, Math.min(Number(limit.value.value), MAX_LIST_SIZE));
      else if (limit) childPage = MAX_LIST_SIZE;
      else if (def?.args.some((a) => a.name === 'limit')) childPage = DEFAULT_LIST_SIZE;
      const multiplier = def && isList(def.type) && sel.selectionSet ? (pageSize ?? UNPAGED_LIST_SIZE) : 1;
      if (sel.selectionSet) {
        const inner = measure(ctx, schema, sel.selectionSet, parentOf(def?.type), depth + 1, seen, childPage);
        maxDepth = Math.max(maxDepth, inner.depth);
        cost += 1 + multiplier * inner.cost;
      } else {
        maxDepth = Math.max(maxDepth, depth + 1);
        cost += 1;
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const typed = sel.typeCondition ? parentOf(schema.getType(sel.typeCondition.name.value) as GraphQLType) : parent;
      const inner = measure(ctx, schema, sel.selectionSet, typed, depth, seen, pageSize);
      maxDepth = Math.max(maxDepth, inner.depth);
      cost += inner.cost;
    } else {
      const name = sel.name.value;
      const fragment = ctx.getFragment(name);
      if (!fragment || seen.has(name)) continue; // unknown or cyclic: other rules report it
      const inner = measure(ctx, schema, fragment.selectionSet, parentOf(schema.getType(fragment.typeCondition.name.value) as GraphQLType), depth, new Set([...seen, name]), pageSize);
      maxDepth = Math.max(maxDepth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth: maxDepth, cost };
}

/**
 * Refuses operations nested deeper than `maxDepth` or whose estimated cost exceeds
 * `maxComplexity` (1 per field; the items of a list cost the page's literal `limit` times
 * more, 200 times when `limit` is a variable, 50 when absent, 10 for a list that is not paged). Apollo answers such documents 400.
 */
export function queryLimitsRule(maxDepth = MAX_QUERY_DEPTH, maxComplexity = MAX_QUERY_COMPLEXITY): ValidationRule {
  return (ctx: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const schema = ctx.getSchema();
      const root = op.operation === OperationTypeNode.QUERY ? schema.getQueryType() : op.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getSubscriptionType();
      const { depth, cost } = measure(ctx, schema, op.selectionSet, root ?? undefined, 0, new Set());
      if (depth > maxDepth) {
        ctx.reportError(new GraphQLError(`query depth ${depth} exceeds the maximum of ${maxDepth}`, { nodes: [op], extensions: { code: 'QUERY_TOO_DEEP' } }));
      }
      if (cost > maxComplexity) {
        ctx.reportError(new GraphQLError(`query complexity ${cost} exceeds the budget of ${maxComplexity}`, { nodes: [op], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
      }
    },
  });
}
