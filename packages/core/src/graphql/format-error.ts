import { ErrorCodes, isKeeperError } from '@keeper/sdk';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

interface ErrorWithList {
  errors?: unknown[];
  statusCode?: number;
}

/** Turns whatever a resolver threw into a client-safe GraphQL error with `extensions.code`. */
export function formatGraphQLError(error: GraphQLError, production: boolean): GraphQLFormattedError {
  const original = error.originalError;
  if (original && isKeeperError(original)) {
    return { message: original.message, locations: error.locations, path: error.path, extensions: { ...original.extensions } };
  }
  const code = error.extensions?.code;
  if (typeof code === 'string') {
    return { message: error.message, locations: error.locations, path: error.path, extensions: { ...error.extensions } };
  }
  if (!original || original instanceof GraphQLError) {
    // Parse and validation errors: the client's query was wrong.
    return { message: error.message, locations: error.locations, path: error.path, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  const fastifyCode = (original as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('MER_ERR_GQL_')) {
    return { message: original.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  return {
    message: production ? 'Internal server error' : original.message,
    locations: error.locations,
    path: error.path,
    extensions: { code: ErrorCodes.INTERNAL },
  };
}

/** Flattens Mercurius' wrapped validation errors (one error carrying a list) into plain ones. */
export function flattenErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  const out: GraphQLError[] = [];
  for (const error of errors) {
    const inner = (error.originalError as ErrorWithList | undefined)?.errors;
    if (Array.isArray(inner)) {
      for (const e of inner) out.push(e instanceof GraphQLError ? e : new GraphQLError(String((e as Error).message ?? e)));
    } else {
      out.push(error);
    }
  }
  return out;
}

export function hasInternalError(errors: readonly GraphQLFormattedError[]): boolean {
  return errors.some((e) => e.extensions?.code === ErrorCodes.INTERNAL);
}
