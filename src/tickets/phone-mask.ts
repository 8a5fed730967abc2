/**
 * What a handling unit may see of the caller. The centre sees everything (it calls the citizen back);
 * a unit sees the number masked (138****5678) and reveals it through the audited `reveal-phone` action
 * when it must call; a confidential caller (保密) is invisible to every unit, name and number.
 */
import { assertUnreachable } from '../common/domain-error';

export type CallerViewer = 'centre' | 'unit';

export interface CallerContact {
  name?: string | null;
  phone?: string | null;
}

export interface CallerView {
  name: string | null;
  phone: string | null;
  /** The number shown is masked; the unit may ask to reveal it. */
  phoneMasked: boolean;
  /** The caller asked for confidentiality: name and number are withheld from this viewer. */
  withheld: boolean;
}

/** A mainland mobile number, with or without the country code. */
const MOBILE = /^(?:\+86|0086|86)?(1\d{10})$/;
/** A landline with its area code: 010 and 02x are three digits long, every other code four. */
const LANDLINE = /^(0[12]\d|0[3-9]\d{2})(\d{7,8})$/;
/** A local landline number dialled without the area code. */
const LOCAL = /^[2-9]\d{6,7}$/;

/**
 * Masks a phone number for display to a unit: mobiles keep the first 3 and last 4 digits, landlines
 * their area code and last 4; anything else (short codes, extensions, foreign or garbled numbers) shows
 * at most its last 2 digits, so that no format we did not foresee leaks a whole number.
 */
export function maskPhone(raw: string | null | undefined): string {
  const compact = (raw ?? '').replace(/[\s()-]/g, '');
  if (compact === '') return '';
  const mobile = MOBILE.exec(compact);
  if (mobile) {
    const digits = mobile[1];
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  }
  const landline = LANDLINE.exec(compact);
  if (landline) {
    return `${landline[1]}-${keepLast(landline[2], 4)}`;
  }
  if (LOCAL.test(compact)) {
    return keepLast(compact, 4);
  }
  const digits = compact.replace(/\D/g, '');
  // Short numbers are all stars (and at least four, so the length says little).
  return digits.length >= 7 ? keepLast(digits, 2) : '*'.repeat(Math.max(digits.length, 4));
}

export function callerView(caller: CallerContact, viewer: CallerViewer, confidential: boolean): CallerView {
  const name = caller.name ?? null;
  const phone = caller.phone ? caller.phone : null;
  switch (viewer) {
    case 'centre':
      return { name, phone, phoneMasked: false, withheld: false };
    case 'unit':
      if (confidential) return { name: null, phone: null, phoneMasked: false, withheld: true };
      return { name, phone: phone === null ? null : maskPhone(phone), phoneMasked: phone !== null, withheld: false };
    default:
      return assertUnreachable(viewer);
  }
}

function keepLast(digits: string, visible: number): string {
  return '*'.repeat(digits.length - visible) + digits.slice(-visible);
}
