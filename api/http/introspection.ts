import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ASTVisitor, ValidationContext } from 'graphql';

/**
 * Introspection (`__schema`, `__type`) hands anyone, signed in or not, a map of the whole API.
 * The app never asks for it; it is off unless the server is started with PARTA_INTROSPECTION=1.
 */
function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type')
        context.reportError(createGraphQLError('introspection is disabled on this server', { nodes: [node] }));
    },
  };
}

export const introspectionOffPlugin: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(noIntrospection);
  },
};
