/**
 * Checks made once the session is known and before execution, which is where GraphQL coerces the
 * variables (a list of a million ids takes seconds): a request without a session is answered
 * UNAUTHENTICATED untouched, unless it asks only for what is open to everyone; and no list in the
 * variables may be longer than the longest a real operation sends.
 */
import { Kind, getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tooComplex } from './cost-limit.ts';
import type { RequestContext } from './context.ts';
import { userError } from './errors.ts';
import { QUERY_LIMITS } from './limits.ts';

/** Root fields that answer without a session: signing in and out, «who am I», the API version. */
const PUBLIC_ROOT_FIELDS = new Set(['signIn', 'signOut', 'me', '_version', '__typename', '__schema', '__type']);

function isPublic(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  return Boolean(operation?.selectionSet.selections.every((s) => s.kind === Kind.FIELD && PUBLIC_ROOT_FIELDS.has(s.name.value)));
}

/** Whether any array in the raw (not yet coerced) variables is longer than `max`; iterative, stops early. */
export function hasListLongerThan(variables: unknown, max: number): boolean {
  const pending: unknown[] = [variables];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      if (value.length > max) return true;
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) pending.push(item);
    }
  }
  return false;
}

interface ExecutionArgsLike {
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: unknown;
  contextValue: unknown;
}

function refusal(args: ExecutionArgsLike): GraphQLError | null {
  const ctx = args.contextValue as RequestContext;
  if (!ctx.session && !isPublic(args.document, args.operationName)) return userError(ctx.lang, 'UNAUTHENTICATED');
  if (hasListLongerThan(args.variableValues, QUERY_LIMITS.listItems)) return tooComplex(ctx.lang, 'listItems');
  return null;
}

export const beforeExecutionPlugin: Plugin<RequestContext> = {
  onExecute({ args, setResultAndStopExecution }) {
    const error = refusal(args);
    if (error) setResultAndStopExecution({ errors: [error] });
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const error = refusal(args);
    if (error) setResultAndStopExecution({ errors: [error] });
  },
};
