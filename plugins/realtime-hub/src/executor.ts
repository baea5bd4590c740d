import { type DocumentNode, type ExecutionResult, execute, type GraphQLSchema } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** Executions of one (document, operation) with graphql-js before it is compiled. */
export const DEFAULT_COMPILE_AFTER = 3;

interface Entry {
  runs: number;
  /** Compiled once `runs` reaches the threshold; null when graphql-jit could not compile it (graphql-js then). */
  compiled: CompiledQuery | null | undefined;
}

/**
 * Executes the operations the hub runs itself — mutations and queries sent over the socket, and a topic's
 * event once per group — with graphql-jit once an operation has run a few times, graphql-js before that.
 *
 * graphql-js interprets the document on every run: variable coercion, argument values, field collection
 * and a path object per field (about 10 % of the server's CPU at 8,000 messages/s). graphql-jit turns an
 * operation into a function once. Compiling costs about a millisecond, so only operations that repeat are
 * compiled (`compileAfter` runs, as Mercurius' `jit` option does): a client inventing documents cannot make
 * the server compile each. Documents come from the hub's parse cache, so the same text is the same object;
 * entries go when the cache drops the document.
 */
export class Executor {
  readonly #entries = new WeakMap<DocumentNode, Map<string, Entry>>();
  /** Operations compiled so far (and those graphql-jit refused, which stay on graphql-js). */
  compiled = 0;
  refused = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfter: number = DEFAULT_COMPILE_AFTER,
  ) {}

  execute(
    document: DocumentNode,
    operationName: string | undefined,
    rootValue: unknown,
    contextValue: unknown,
    variables: Record<string, unknown> | undefined,
  ): ExecutionResult | Promise<ExecutionResult> {
    const compiled = this.#compiled(document, operationName);
    if (compiled) return compiled.query(rootValue, contextValue, variables ?? {}) as ExecutionResult | Promise<ExecutionResult>;
    return execute({ schema: this.schema, document, rootValue, contextValue, variableValues: variables, operationName });
  }

  #compiled(document: DocumentNode, operationName: string | undefined): CompiledQuery | null | undefined {
    let byOperation = this.#entries.get(document);
    if (!byOperation) {
      byOperation = new Map();
      this.#entries.set(document, byOperation);
    }
    const key = operationName ?? '';
    let entry = byOperation.get(key);
    if (!entry) {
      entry = { runs: 0, compiled: undefined };
      byOperation.set(key, entry);
    }
    if (entry.compiled !== undefined) return entry.compiled;
    if (++entry.runs < this.compileAfter) return undefined;
    const result = compileQuery(this.schema, document, operationName);
    entry.compiled = isCompiledQuery(result) ? result : null;
    if (entry.compiled) this.compiled++;
    else this.refused++;
    return entry.compiled;
  }
}
