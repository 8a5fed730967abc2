import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** A caller's number as it is stored and compared: 3–20 digits with an optional leading +, as the CTI sends it. */
export const CALLER_PHONE_PATTERN = /^\+?\d{3,20}$/;

/**
 * The stored form of a number as a person types it: without the spaces and dashes that group its
 * digits (`0871-1234567`, `138 1234 5678`). The CTI sends digits only, so a ticket typed with dashes
 * and the call it came from, or two tickets of one caller typed two ways, carry the same number.
 */
export function canonicalPhone(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/**
 * A caller's number from a person: spaces and dashes are allowed and dropped (canonicalPhone), what
 * remains must be 3–20 digits with an optional leading +.
 */
export const IsTypedPhone = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalPhone(value) : value)),
    Matches(CALLER_PHONE_PATTERN, {
      message: '$property must be 3-20 digits (a leading +, spaces and dashes allowed)',
    }),
  );
