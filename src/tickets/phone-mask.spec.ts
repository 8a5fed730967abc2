import { callerView, maskPhone } from './phone-mask';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+8613812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['008619912345678', '199****5678'],
    ['0874-1234567', '0874-***4567'],
    ['0874 1234567', '0874-***4567'],
    ['08741234567', '0874-***4567'],
    ['(0874)1234567', '0874-***4567'],
    ['010-12345678', '010-****5678'],
    ['021 6666 8888', '021-****8888'],
    ['087412345678', '0874-****5678'],
    ['1234567', '*****67'],
    ['7654321', '***4321'],
    ['87654321', '****4321'],
    ['4001234567', '********67'],
    ['12345', '*****'],
    ['110', '****'],
    ['anonymous', '****'],
    ['138123456789', '**********89'],
  ])('should mask %s as %s', (raw, masked) => {
    expect(maskPhone(raw)).toBe(masked);
  });

  it('should return an empty string for no number', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });

  it('should never show every digit of a number, whatever its length or shape', () => {
    for (let length = 1; length <= 20; length += 1) {
      for (const first of ['0', '1', '4', '8']) {
        const digits = first + '123456789012345678901'.slice(0, length - 1);
        for (const raw of [digits, `+${digits}`, `${digits.slice(0, 4)}-${digits.slice(4)}`]) {
          const shown = maskPhone(raw).replace(/\D/g, '');
          expect({ raw, shownAll: shown.length >= digits.length }).toEqual({ raw, shownAll: false });
        }
      }
    }
  });
});

describe('callerView', () => {
  const caller = { name: '张三', phone: '13812345678' };

  it('should show the centre the full name and number, even for a confidential caller', () => {
    expect(callerView(caller, 'centre', true)).toEqual({
      name: '张三',
      phone: '13812345678',
      phoneMasked: false,
      withheld: false,
    });
  });

  it('should show a unit the name and a masked number', () => {
    expect(callerView(caller, 'unit', false)).toEqual({
      name: '张三',
      phone: '138****5678',
      phoneMasked: true,
      withheld: false,
    });
  });

  it('should show a unit neither name nor number of a confidential caller', () => {
    expect(callerView(caller, 'unit', true)).toEqual({ name: null, phone: null, phoneMasked: false, withheld: true });
  });

  it('should cope with a caller without a name or number', () => {
    expect(callerView({}, 'unit', false)).toEqual({ name: null, phone: null, phoneMasked: false, withheld: false });
    expect(callerView({ name: null, phone: '' }, 'centre', false)).toEqual({
      name: null,
      phone: null,
      phoneMasked: false,
      withheld: false,
    });
  });
});
