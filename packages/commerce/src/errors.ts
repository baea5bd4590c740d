import { ErrorCodes, KeeperError } from '@keeper/sdk';

/**
 * Why an upstream call failed. Every reason except `not_found` surfaces to clients as
 * UPSTREAM_UNAVAILABLE with the reason in extensions, so the console can say "Shopify is rate-limiting
 * us" instead of showing an empty list.
 */
export type UpstreamFailure =
  | 'network'
  | 'timeout'
  | 'server_error'
  | 'rate_limited'
  | 'auth'
  | 'circuit_open'
  | 'bad_request'
  | 'bad_response'
  | 'not_found'
  | 'unsupported';

export class UpstreamError extends KeeperError {
  readonly system: string;
  readonly reason: UpstreamFailure;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    system: string,
    reason: UpstreamFailure,
    message: string,
    details: { status?: number | null; retryAfterMs?: number | null; upstreamCode?: string | number | null; cause?: unknown } = {},
  ) {
    const code = reason === 'not_found' ? ErrorCodes.NOT_FOUND : ErrorCodes.UPSTREAM_UNAVAILABLE;
    const extensions: Record<string, unknown> = { source: system, reason };
    if (details.status != null) extensions.status = details.status;
    if (details.retryAfterMs != null) extensions.retryAfter = Math.ceil(details.retryAfterMs / 1000);
    if (details.upstreamCode != null) extensions.upstreamCode = String(details.upstreamCode);
    super(code, `${system}: ${message}`, extensions, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.system = system;
    this.reason = reason;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/** Thrown when Keeper asks an adapter for something its `capabilities` say it cannot do. */
export class UnsupportedOperationError extends UpstreamError {
  constructor(system: string, operation: string) {
    super(system, 'unsupported', `${operation} is not supported by this adapter`);
    this.name = 'UnsupportedOperationError';
  }
}
