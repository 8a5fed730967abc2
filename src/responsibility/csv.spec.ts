import { CsvSyntaxError, formatCsv, parseCsv } from './csv';

describe(parseCsv.name, () => {
  it('should split plain fields and number the lines', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('should read quoted fields with commas, doubled quotes and line breaks', () => {
    const records = parseCsv('x,"a, ""b""",y\r\n"line1\nline2",z,\r\nlast,,""\n');
    expect(records).toEqual([
      { line: 1, fields: ['x', 'a, "b"', 'y'] },
      { line: 2, fields: ['line1\nline2', 'z', ''] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('should skip blank lines, keep their numbering and ignore a BOM', () => {
    expect(parseCsv('\uFEFFh1,h2\n\n\r\nv1,v2')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 4, fields: ['v1', 'v2'] },
    ]);
  });

  it('should keep Chinese text and empty trailing fields', () => {
    expect(parseCsv('《清单》第1项,\n')).toEqual([{ line: 1, fields: ['《清单》第1项', ''] }]);
  });

  it('should refuse an unclosed quote with the line where the field starts', () => {
    expect(() => parseCsv('a,b\nc,"open\nmore')).toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
  });

  it('should refuse text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nab"c,d')).toThrow(/line 2/);
  });

  it('should read back what formatCsv wrote', () => {
    const rows = [
      ['plain', 'with,comma', 'with "quote"'],
      ['multi\nline', ' padded ', ''],
      ['《会泽县》第3项', 'territorial:village', 'dept-a;dept-b'],
    ];
    const text = formatCsv(rows);
    expect(text).toContain('"with,comma"');
    expect(text).toContain('"with ""quote"""');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
  });
});
