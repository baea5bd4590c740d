import type { GraphQLResolvers, ResolverContext } from '@keeper/sdk';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '@keeper/sdk';
import { parseWordList, WordListError } from '../dictionary/parse.js';
import type { Action, WordEntry } from '../matcher/types.js';
import type { AuditLog, AuditQuery } from './audit.js';
import type { ListService } from './lists.js';

export const schema = /* GraphQL */ `
  enum SensitiveWordAction {
    MASK
    REJECT
    FLAG
  }

  input SensitiveWordInput {
    word: String!
    category: String
    action: SensitiveWordAction
  }

  type SensitiveWordList {
    name: String!
    words: Int!
    version: Int!
  }

  type SensitiveWordsStatus {
    "Increases with every change of any list on this node."
    version: Int!
    lists: [SensitiveWordList!]!
    allowPhrases: Int!
  }

  "One listed word found in one message."
  type SensitiveWordHit {
    id: ID!
    createdAt: DateTime!
    conversationId: ID!
    clientMessageId: String
    authorType: String!
    authorId: ID
    word: String!
    category: String!
    action: SensitiveWordAction!
    "What the sender actually wrote."
    matched: String!
  }

  type SensitiveWordHitEdge {
    cursor: String!
    node: SensitiveWordHit!
  }

  "Newest first; pass pageInfo.endCursor as 'after' for the next (older) page."
  type SensitiveWordHitConnection {
    edges: [SensitiveWordHitEdge!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "Audit log of hits, newest first. Supervisors and admins."
    sensitiveWordHits(
      first: Int = 50
      after: String
      conversationId: ID
      authorId: ID
      word: String
      action: SensitiveWordAction
      since: DateTime
    ): SensitiveWordHitConnection!
    "Loaded lists and versions on this node. Supervisors and admins."
    sensitiveWordsStatus: SensitiveWordsStatus!
  }

  extend type Mutation {
    "Replaces one word list on every node without a restart. Give words or tsv (word<TAB>category<TAB>action lines). Admins."
    replaceSensitiveWordList(name: String!, words: [SensitiveWordInput!], tsv: String): SensitiveWordsStatus!
  }
`;

function requireRole(ctx: ResolverContext, roles: readonly string[]): string {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (actor.kind !== 'agent' || !roles.includes(actor.role)) throw new ForbiddenError(`Only ${roles.join(' or ')} agents may do this`);
  return actor.id;
}

const toGraphQLAction = (a: string) => a.toUpperCase();

/** The query's arguments are the audit query's, with `first` optional. */
type HitsArgs = Omit<AuditQuery, 'first'> & { first?: number | null };

interface ReplaceArgs {
  name: string;
  words?: Array<{ word: string; category?: string | null; action?: string | null }> | null;
  tsv?: string | null;
}

function entriesFrom(args: ReplaceArgs): WordEntry[] {
  if ((args.words == null) === (args.tsv == null)) throw new BadUserInputError('Give either "words" or "tsv"', 'words');
  if (args.tsv != null) {
    try {
      return parseWordList(args.tsv, { list: args.name });
    } catch (error) {
      if (error instanceof WordListError) throw new BadUserInputError(error.message, 'tsv');
      throw error;
    }
  }
  return args.words!.map((w) => {
    if (w.word.trim() === '') throw new BadUserInputError('A word must not be empty', 'words');
    return { word: w.word.trim(), category: w.category?.trim() || 'default', action: (w.action?.toLowerCase() ?? 'mask') as Action, list: args.name };
  });
}

export function resolvers(lists: ListService, audit: () => AuditLog): GraphQLResolvers {
  const status = () => {
    const s = lists.status();
    return { version: s.version, lists: s.lists, allowPhrases: s.allow };
  };
  return {
    Query: {
      sensitiveWordHits: async (_parent, rawArgs, ctx) => {
        requireRole(ctx, ['supervisor', 'admin']);
        const args = rawArgs as HitsArgs;
        const first = Math.min(Math.max(args.first ?? 50, 1), 500);
        const since = (args.since as unknown) instanceof Date ? (args.since as unknown as Date).toISOString() : args.since;
        if (since && Number.isNaN(Date.parse(since))) throw new BadUserInputError('since must be an ISO date-time', 'since');
        const page = await audit().list({ ...args, since, first, action: args.action?.toLowerCase() ?? null });
        const edges = page.items.map((r) => ({ cursor: r.id, node: { ...r, action: toGraphQLAction(r.action) } }));
        return {
          edges,
          pageInfo: { hasNextPage: page.nextCursor !== null, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        };
      },
      sensitiveWordsStatus: (_parent, _args, ctx) => {
        requireRole(ctx, ['supervisor', 'admin']);
        return status();
      },
    },
    Mutation: {
      replaceSensitiveWordList: async (_parent, rawArgs, ctx) => {
        const by = requireRole(ctx, ['admin']);
        const args = rawArgs as unknown as ReplaceArgs;
        if (!args.name || args.name.trim() === '') throw new BadUserInputError('name must not be empty', 'name');
        await lists.replace(args.name.trim(), entriesFrom(args), by);
        return status();
      },
    },
  };
}
