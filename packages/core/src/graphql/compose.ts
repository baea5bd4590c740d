import type { GraphQLLoaders, GraphQLResolvers } from '@keeper/sdk';
import { loadersToResolvers } from './loaders.js';
import {
  buildASTSchema,
  concatAST,
  type DefinitionNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  validateSchema,
} from 'graphql';
import { BootErrors } from '../errors.js';
import { BASE_SDL, MUTATION_ROOT_SDL, SUBSCRIPTION_ROOT_SDL } from './base-schema.js';

/** One owner's part of the schema: the core's own, or a plugin's. */
export interface SchemaContribution {
  owner: string;
  schema: string;
  resolvers?: GraphQLResolvers;
  loaders?: GraphQLLoaders;
}

export interface ComposedSchema {
  schema: GraphQLSchema;
  /** Field resolvers, loaders included (as batched resolvers). */
  resolvers: GraphQLResolvers;
  /** Which owner defined each type and field, for error messages and `keeper doctor`. */
  owners: ReadonlyMap<string, string>;
}

const TYPE_DEFINITIONS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

/**
 * Merges every contribution's SDL before any resolver is attached, then validates the result once.
 * A type or field defined by two owners is a boot error naming both.
 */
export function composeSchema(contributions: readonly SchemaContribution[]): ComposedSchema {
  const parsed = contributions
    .filter((c) => c.schema.trim() !== '')
    .map((c) => ({ owner: c.owner, document: parseOwned(c.owner, c.schema) }));
  const extendsRoot = (root: string) =>
    parsed.some(({ document }) =>
      document.definitions.some((d) => d.kind === Kind.OBJECT_TYPE_EXTENSION && d.name.value === root),
    );
  const base = [BASE_SDL];
  if (extendsRoot('Mutation')) base.push(MUTATION_ROOT_SDL);
  if (extendsRoot('Subscription')) base.push(SUBSCRIPTION_ROOT_SDL);
  const all = [{ owner: '@keeper/core', document: parse(base.join('\n')) }, ...parsed];

  const owners = new Map<string, string>();
  for (const { owner, document } of all) recordOwnership(owners, owner, document.definitions);

  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(concatAST(all.map((p) => p.document)));
  } catch (error) {
    throw BootErrors.schemaInvalid(undefined, (error as Error).message);
  }
  const problems = validateSchema(schema);
  if (problems.length > 0) throw BootErrors.schemaInvalid(undefined, problems.map((p) => p.message).join('; '));

  // Loaders become resolvers here, so a field with both a resolver and a loader is a clash too.
  const withLoaders = contributions.map((c) => ({
    ...c,
    resolvers: c.loaders ? { ...c.resolvers, ...mergeFieldMaps(c.resolvers ?? {}, loadersToResolvers(c.loaders), c.owner) } : c.resolvers,
  }));
  return { schema, resolvers: mergeMaps('resolver', withLoaders, (c) => c.resolvers), owners };
}

function parseOwned(owner: string, sdl: string): DocumentNode {
  try {
    return parse(sdl);
  } catch (error) {
    throw BootErrors.schemaInvalid(owner, error instanceof GraphQLError ? error.message : String(error));
  }
}

function recordOwnership(owners: Map<string, string>, owner: string, definitions: readonly DefinitionNode[]): void {
  const claim = (key: string, what: string) => {
    const existing = owners.get(key);
    if (existing !== undefined) throw BootErrors.schemaClash(what, existing, owner);
    owners.set(key, owner);
  };
  for (const definition of definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    if (TYPE_DEFINITIONS.has(definition.kind)) claim(typeName, `type "${typeName}"`);
    if ('fields' in definition && definition.fields) {
      for (const field of definition.fields) claim(`${typeName}.${field.name.value}`, `field "${typeName}.${field.name.value}"`);
    }
    if ('values' in definition && definition.values) {
      for (const value of definition.values) claim(`${typeName}.${value.name.value}`, `enum value "${typeName}.${value.name.value}"`);
    }
  }
}

type FieldMap = Record<string, Record<string, unknown>>;

function mergeMaps<T extends FieldMap | GraphQLResolvers>(
  what: string,
  contributions: readonly SchemaContribution[],
  pick: (c: SchemaContribution) => T | undefined,
): T {
  const merged: Record<string, unknown> = {};
  const fieldOwner = new Map<string, string>();
  for (const contribution of contributions) {
    const map = pick(contribution);
    if (!map) continue;
    for (const [typeName, value] of Object.entries(map)) {
      if (typeof value !== 'object' || value === null || !isPlainFieldMap(value)) {
        // A scalar implementation (GraphQLScalarType) is one unit.
        const existing = fieldOwner.get(typeName);
        if (existing) throw BootErrors.schemaClash(`${what} for "${typeName}"`, existing, contribution.owner);
        fieldOwner.set(typeName, contribution.owner);
        merged[typeName] = value;
        continue;
      }
      if (!merged[typeName]) merged[typeName] = {};
      const target = merged[typeName] as Record<string, unknown>;
      for (const [field, fn] of Object.entries(value)) {
        const key = `${typeName}.${field}`;
        const existing = fieldOwner.get(key);
        if (existing) throw BootErrors.schemaClash(`${what} for "${key}"`, existing, contribution.owner);
        fieldOwner.set(key, contribution.owner);
        target[field] = fn;
      }
    }
  }
  return merged as T;
}

/** One owner's resolvers and loaders together; the same field in both is a clash within that owner. */
function mergeFieldMaps(resolvers: GraphQLResolvers, fromLoaders: GraphQLResolvers, owner: string): GraphQLResolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [typeName, fields] of Object.entries(fromLoaders)) {
    const existing = resolvers[typeName];
    for (const field of Object.keys(fields as object)) {
      if (existing && isPlainFieldMap(existing) && field in existing) {
        throw BootErrors.schemaClash(`resolver and loader for "${typeName}.${field}"`, owner, owner);
      }
    }
    merged[typeName] = { ...(existing as Record<string, unknown> | undefined), ...(fields as Record<string, unknown>) };
  }
  return merged as GraphQLResolvers;
}

function isPlainFieldMap(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
