/**
 * ESLint rule `intelgraph/require-policy-decorator`: every route handler of a Nest controller or
 * GraphQL resolver must declare its policy action (`@Action(...)`) or be explicitly `@Public()`.
 * The gateway also refuses undeclared handlers at run time (403 `handler_not_declared`); this
 * rule catches them before they ship.
 */
'use strict';

const CLASS_DECORATORS = new Set(['Controller', 'Resolver']);
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Query', 'Mutation', 'Subscription', 'ResolveField']);
const POLICY_DECORATORS = new Set(['Action', 'Public']);

/** The name a decorator is called by: `@X()`, `@X`, `@ns.X()`. */
function decoratorName(decorator) {
  let expr = decorator.expression;
  if (expr.type === 'CallExpression') expr = expr.callee;
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'MemberExpression' && expr.property.type === 'Identifier') return expr.property.name;
  return undefined;
}

function names(node) {
  return (node.decorators || []).map(decoratorName).filter(Boolean);
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'require @Action(...) or @Public() on every controller/resolver route handler' },
    schema: [],
    messages: {
      missing: "Handler '{{name}}' has a route decorator but neither @Action(...) nor @Public(); declare its policy action.",
    },
  },
  create(context) {
    function check(classNode) {
      if (!names(classNode).some((n) => CLASS_DECORATORS.has(n))) return;
      for (const member of classNode.body.body) {
        if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
        const decorators = names(member);
        if (!decorators.some((n) => ROUTE_DECORATORS.has(n))) continue;
        if (decorators.some((n) => POLICY_DECORATORS.has(n))) continue;
        const name = member.key && member.key.type === 'Identifier' ? member.key.name : '<computed>';
        context.report({ node: member.key || member, messageId: 'missing', data: { name } });
      }
    }
    return { ClassDeclaration: check, ClassExpression: check };
  },
};
