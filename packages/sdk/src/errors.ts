/**
 * The error catalogue. Every error that reaches a client carries one of these codes in
 * `extensions.code`; boot errors carry their own codes so operators can search for them.
 */
export const ErrorCodes = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  CONTENT_REJECTED: 'CONTENT_REJECTED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  INTERCEPTOR_TIMEOUT: 'INTERCEPTOR_TIMEOUT',
  INTERCEPTOR_FAILED: 'INTERCEPTOR_FAILED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes] | (string & {});

/** Base class of every error Keeper shows to a client. `extensions` end up in the GraphQL error. */
export class KeeperError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeeperError';
    this.code = code;
    this.extensions = { ...extensions, code };
  }
}

export class UnauthenticatedError extends KeeperError {
  constructor(message = 'Authentication required: send "Authorization: Bearer <token>"') {
    super(ErrorCodes.UNAUTHENTICATED, message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends KeeperError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCodes.FORBIDDEN, message);
    this.name = 'ForbiddenError';
  }
}

export class BadUserInputError extends KeeperError {
  /** @param field the argument or input path that was wrong, e.g. `body` or `input.email` */
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCodes.BAD_USER_INPUT, message, field ? { ...extensions, field } : extensions);
    this.name = 'BadUserInputError';
  }
}

export class NotFoundError extends KeeperError {
  constructor(what: string, id?: string) {
    super(ErrorCodes.NOT_FOUND, id ? `${what} "${id}" was not found` : `${what} was not found`);
    this.name = 'NotFoundError';
  }
}

export class RateLimitedError extends KeeperError {
  constructor(message: string, retryAfterSeconds?: number) {
    super(ErrorCodes.RATE_LIMITED, message, retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds });
    this.name = 'RateLimitedError';
  }
}

export class ContentRejectedError extends KeeperError {
  constructor(reason: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCodes.CONTENT_REJECTED, reason, extensions);
    this.name = 'ContentRejectedError';
  }
}

export class UpstreamUnavailableError extends KeeperError {
  constructor(source: string, message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCodes.UPSTREAM_UNAVAILABLE, `${source}: ${message}`, { ...extensions, source });
    this.name = 'UpstreamUnavailableError';
  }
}

/** A bad plugin option; thrown by the factory `definePlugin` returns, before anything boots. */
export class PluginOptionsError extends Error {
  readonly code = 'KEEPER_PLUGIN_OPTIONS';
  constructor(
    readonly plugin: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(
      `Invalid options for plugin "${plugin}":\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'PluginOptionsError';
  }
}

export function isKeeperError(error: unknown): error is KeeperError {
  return error instanceof KeeperError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'KeeperError');
}
