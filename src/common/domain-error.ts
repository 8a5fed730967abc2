/**
 * Every refusal the system gives is a DomainError with a stable machine `code` and a `kind`
 * that the global filter maps to an HTTP status. Services throw these, never HttpException.
 */
export type DomainErrorKind =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'locked'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(code: string, message: string): DomainError {
    return new DomainError(code, 'not_found', message);
  }

  static conflict(code: string, message: string, details?: unknown): DomainError {
    return new DomainError(code, 'conflict', message, details);
  }

  static invalidInput(code: string, message: string, details?: unknown): DomainError {
    return new DomainError(code, 'invalid_input', message, details);
  }

  static forbidden(code: string, message: string): DomainError {
    return new DomainError(code, 'forbidden', message);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}

/** MySQL / MariaDB duplicate-key error, to be translated into a 409 by the caller. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === 'ER_DUP_ENTRY' || e?.driverError?.code === 'ER_DUP_ENTRY';
}
