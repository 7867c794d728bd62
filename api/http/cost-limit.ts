/**
 * What one GraphQL operation may ask for, costed from its text before anything runs: nesting depth,
 * aliases, fields (fragments expanded) and an estimate of the values in the answer, where a list
 * multiplies what is selected under it. It runs ahead of GraphQL's own validation, whose checks
 * (overlapping fields above all) grow faster than the query, and on the WebSocket path alike.
 */
import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLError, type GraphQLNamedType, type GraphQLSchema, type GraphQLType, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { COLLECTIONS } from '../../sync/index.ts';
import { translate, type Lang } from '../i18n/messages.ts';
import { earlyLang, type EarlyContext } from './early-lang.ts';
import { userError } from './errors.ts';
import { DOCUMENT_LIST_SIZE, QUERY_LIMITS, SHORT_LIST_SIZE, type QueryLimit } from './limits.ts';

export interface OperationCost {
  depth: number;
  aliases: number;
  fields: number;
  /** Values the answer may hold: every field once per element of each list above it. */
  cost: number;
}

const NOTHING: OperationCost = { depth: 0, aliases: 0, fields: 0, cost: 0 };

/** Lists of synced documents (pull pages, push conflicts and refusals) hold up to a pull page. */
const DOCUMENT_TYPES = new Set<string>([...COLLECTIONS.map((c) => c.typeName), 'PushRejection']);

/** Introspection's entry fields, which no type declares. */
const META_FIELDS: Record<string, string> = { __schema: '__Schema', __type: '__Type' };
/**
 * Introspection fields giving a type once, in full. Every other way to a type (a field's `type`,
 * `ofType`, `interfaces`, `possibleTypes`) is a reference: listing its fields there would walk the
 * schema again for every field (`types { fields { type { fields { type … } } } }` grows as a power
 * of the depth), so a reference may not open a list. The standard introspection query never does.
 */
const WHOLE_TYPE_FIELDS = new Set(['types', '__type', 'queryType', 'mutationType', 'subscriptionType']);

interface FieldMap {
  [name: string]: { type: GraphQLType } | undefined;
}

function fieldsOf(type: GraphQLNamedType | undefined): FieldMap | undefined {
  return type && 'getFields' in type ? (type.getFields() as FieldMap) : undefined;
}

// By tag rather than `isListType`: our sources and Yoga may load two builds of graphql (see errors.ts).
function unwrap(type: GraphQLType): { named: GraphQLNamedType; list: boolean } {
  let list = false;
  let current = type;
  while ('ofType' in current) {
    if ((current as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'GraphQLList') list = true;
    current = current.ofType;
  }
  return { named: current, list };
}

function add(total: OperationCost, part: OperationCost): void {
  total.depth = Math.max(total.depth, part.depth);
  total.aliases += part.aliases;
  total.fields += part.fields;
  total.cost += part.cost;
}

class CostWalk {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly done = new Map<string, OperationCost>();
  private readonly open = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  selections(set: SelectionSetNode, parent: GraphQLNamedType | undefined, reference: boolean): OperationCost {
    const total = { ...NOTHING };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) add(total, this.field(s, parent, reference));
      else if (s.kind === Kind.FRAGMENT_SPREAD) add(total, this.fragment(s.name.value, reference));
      else add(total, this.selections(s.selectionSet, s.typeCondition ? this.typeNamed(s.typeCondition.name.value) : parent, reference));
    }
    return total;
  }

  /** Each fragment is costed once and counted at every spread, so nested spreads cannot make the walk itself explode. */
  private fragment(name: string, reference: boolean): OperationCost {
    const key = `${reference}:${name}`;
    const known = this.done.get(key);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are validation's to refuse; this walk runs before it and must end.
    if (!definition || this.open.has(key)) return NOTHING;
    this.open.add(key);
    const cost = this.selections(definition.selectionSet, this.typeNamed(definition.typeCondition.name.value), reference);
    this.open.delete(key);
    this.done.set(key, cost);
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined, reference: boolean): OperationCost {
    const name = node.name.value;
    const definition = fieldsOf(parent)?.[name];
    const { named, list } = definition ? unwrap(definition.type) : { named: this.typeNamed(META_FIELDS[name]), list: false };
    const introspection = name.startsWith('__') || Boolean(parent?.name.startsWith('__'));
    const size = list ? listSize(named, introspection, reference) : 1;
    const referenceBelow = named?.name === '__Type' ? !WHOLE_TYPE_FIELDS.has(name) : reference;
    const below = node.selectionSet ? this.selections(node.selectionSet, named, referenceBelow) : NOTHING;
    return {
      depth: 1 + below.depth,
      aliases: (node.alias ? 1 : 0) + below.aliases,
      fields: 1 + below.fields,
      cost: size * (1 + Math.max(below.cost, pageCost(named))),
    };
  }

  private typeNamed(name: string | undefined): GraphQLNamedType | undefined {
    return name ? (this.schema.getType(name) ?? undefined) : undefined;
  }
}

/**
 * A pull reads a page of whole documents whatever is selected from it (`documents { id }` reads
 * the texts too): it costs at least a page of every field, so asking for less does not let more
 * pulls into one request.
 */
function pageCost(type: GraphQLNamedType | undefined): number {
  const documents = fieldsOf(type)?.documents;
  if (!documents) return 0;
  const item = unwrap(documents.type).named;
  return DOCUMENT_TYPES.has(item.name) ? DOCUMENT_LIST_SIZE * (1 + Object.keys(fieldsOf(item) ?? {}).length) : 0;
}

function listSize(item: GraphQLNamedType | undefined, introspection: boolean, reference: boolean): number {
  if (introspection) return reference ? Infinity : 1; // the schema's own lists: as long as the schema, whatever is asked
  return item && DOCUMENT_TYPES.has(item.name) ? DOCUMENT_LIST_SIZE : SHORT_LIST_SIZE;
}

/**
 * Whether `{` and `[` nest deeper than `max` in GraphQL text (strings and comments skipped). Read
 * before parsing: the parser recurses once per level and a few thousand levels overflow its stack.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth > max) return true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === '#') while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    else if (c === '"' && text.startsWith('"""', i)) {
      let end = text.indexOf('"""', i + 3);
      while (end > 0 && text[end - 1] === '\\') end = text.indexOf('"""', end + 3);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    }
  }
  return false;
}

/** The cost of each operation in the document, the largest figure of each kind. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode): OperationCost {
  const walk = new CostWalk(schema, document);
  const worst = { ...NOTHING };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = d.operation === 'query' ? schema.getQueryType() : d.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    const cost = walk.selections(d.selectionSet, root ?? undefined, false);
    worst.depth = Math.max(worst.depth, cost.depth);
    worst.aliases = Math.max(worst.aliases, cost.aliases);
    worst.fields = Math.max(worst.fields, cost.fields);
    worst.cost = Math.max(worst.cost, cost.cost);
  }
  return worst;
}

/** The first limit the operation goes over, if any. */
export function exceededLimit(cost: OperationCost, limits = QUERY_LIMITS): QueryLimit | null {
  for (const limit of ['depth', 'aliases', 'fields', 'cost'] as const) if (cost[limit] > limits[limit]) return limit;
  return null;
}

/** «The request is too complex (nesting depth: at most 15)», in the person's language. */
export function tooComplex(lang: Lang, limit: QueryLimit, limits = QUERY_LIMITS): GraphQLError {
  return userError(lang, 'QUERY_TOO_COMPLEX', { limit, what: translate(lang, `limits.${limit}`), max: limits[limit] });
}

export function costLimitPlugin(limits = QUERY_LIMITS): Plugin<EarlyContext> {
  return {
    onParse({ params, context }) {
      const text = typeof params.source === 'string' ? params.source : params.source.body;
      if (text.length > limits.queryLength) throw tooComplex(earlyLang(context), 'queryLength', limits);
      if (nestsDeeperThan(text, limits.depth)) throw tooComplex(earlyLang(context), 'depth', limits);
    },
    onValidate({ params, context, setResult }) {
      const over = exceededLimit(operationCost(params.schema, params.documentAST), limits);
      // Settles validation: GraphQL's own rules do not run on a document this costly.
      if (over) setResult([tooComplex(earlyLang(context), over, limits)]);
    },
  };
}
