import type { Request } from 'express';
import { DomainError } from '../common/domain-error';

// A county's lists run to a few thousand lines; this leaves ample room and still bounds memory.
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/**
 * The CSV of an import request: a text/csv body (read here: the app parses only JSON bodies) or a
 * JSON body `{ "csv": "..." }` (the only field allowed, as the global ValidationPipe would say).
 * Null when the body is neither.
 */
export async function readCsvBody(request: Request): Promise<string | null> {
  if (request.is('text/csv') || request.is('text/plain')) {
    if (typeof request.body === 'string') return request.body;
    return readText(request);
  }
  if (!request.is('application/json')) return null;
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const extra = Object.keys(body).filter((k) => k !== 'csv');
  const csv = (body as { csv?: unknown }).csv;
  if (extra.length > 0 || typeof csv !== 'string') {
    const details = [
      ...extra.map((field) => ({ field, problems: [`property ${field} should not exist`] })),
      ...(typeof csv === 'string' ? [] : [{ field: 'csv', problems: ['csv must be a string'] }]),
    ];
    throw DomainError.invalidInput('VALIDATION_FAILED', details.flatMap((d) => d.problems).join('; '), details);
  }
  return csv;
}

async function readText(request: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_CSV_BYTES) {
      request.destroy();
      throw DomainError.invalidInput('RULE_IMPORT_TOO_LARGE', `The CSV may be at most ${MAX_CSV_BYTES} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
