import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { assertUnreachable, DomainError, DomainErrorKind } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details?: unknown;
  errorId?: string;
}

export function statusOfKind(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid_input':
      return HttpStatus.BAD_REQUEST;
    case 'unauthorized':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
    case 'invalid_state':
      return HttpStatus.CONFLICT;
    case 'locked':
      return HttpStatus.LOCKED;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(kind);
  }
}

const httpCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Maps any thrown value to the JSON error contract `{ statusCode, error, message, code }`. */
export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = statusOfKind(exception.kind);
    return {
      statusCode,
      error: reasonPhrase(statusCode),
      message: exception.message,
      code: exception.code,
      ...(exception.details === undefined ? {} : { details: exception.details }),
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : messageOf((response as { message?: unknown }).message, exception.message);
    // the JSON body parser's syntax errors reach us as a 400 HttpException caused by a SyntaxError
    const malformed = statusCode === 400 && (exception.cause instanceof SyntaxError || /JSON/.test(message));
    const code = malformed ? 'MALFORMED_JSON' : (httpCodes[statusCode] ?? `HTTP_${statusCode}`);
    // a failed health check answers 503 with what is down: keep that for the operator
    const details = statusCode === 503 && typeof response === 'object' ? { details: response } : {};
    return { statusCode, error: reasonPhrase(statusCode), message, code, ...details };
  }
  // body-parser errors carry a status and a type (entity.parse.failed, entity.too.large)
  const raw = exception as { status?: number; type?: string; message?: string } | null;
  if (raw && typeof raw.status === 'number' && raw.status >= 400 && raw.status < 500) {
    const code =
      raw.type === 'entity.parse.failed' ? 'MALFORMED_JSON' : (httpCodes[raw.status] ?? `HTTP_${raw.status}`);
    return { statusCode: raw.status, error: reasonPhrase(raw.status), message: raw.message ?? 'Bad request', code };
  }
  const errorId = randomUUID();
  logger.error({ errorId, err: exception }, 'Unhandled error');
  return {
    statusCode: 500,
    error: 'Internal Server Error',
    message: 'Internal server error',
    code: 'INTERNAL_ERROR',
    errorId,
  };
}

function messageOf(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => String(v)).join('; ');
  return fallback;
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    423: 'Locked',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const response = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception, this.logger);
    response.status(body.statusCode).json(body);
  }
}
