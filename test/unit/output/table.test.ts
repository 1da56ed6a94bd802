import { formatTable } from '../../../src/output/table';

// `profiles`, `cache` and `doctor` print plain aligned tables: columns padded to the widest cell, two spaces between,
// no line ends in blanks (not even when its last cells are empty).

test('columns padded to the widest cell of header or rows; no line ends in blanks', () => {
  const text = formatTable(
    ['PROFILE', 'KIND', 'ROLE'],
    [
      ['bizcorprole', 'role', 'arn:aws:iam::123456789012:role/deployer'],
      ['dev', 'static', ''],
    ],
  );
  expect(text.split('\n')).toEqual([
    'PROFILE      KIND    ROLE',
    'bizcorprole  role    arn:aws:iam::123456789012:role/deployer',
    'dev          static',
  ]);
});

test('a row shorter than the header prints what it has', () => {
  expect(formatTable(['A', 'BB', 'C'], [['xxx']])).toBe('A    BB  C\nxxx');
});

test('no rows: the header alone, no newline after it', () => {
  expect(formatTable(['NAME', 'VALUE'], [])).toBe('NAME  VALUE');
});
