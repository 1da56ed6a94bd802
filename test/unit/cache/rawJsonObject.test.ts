import { joinTopLevelObject, splitTopLevelObject } from '../../../src/cache/rawJsonObject';

describe('splitTopLevelObject keeps each member’s source text', () => {
  test.each([
    ['{}', []],
    [' \n{ \t}\n', []],
    ['{"a":1}', [['a', '"a"', '1']]],
    [
      '{"a" : 1.50 , "b":-2e+3}',
      [
        ['a', '"a"', '1.50'],
        ['b', '"b"', '-2e+3'],
      ],
    ],
    [
      '{"t":true,"f":false,"n":null}',
      [
        ['t', '"t"', 'true'],
        ['f', '"f"', 'false'],
        ['n', '"n"', 'null'],
      ],
    ],
    ['{"s": "a}b]c,d\\"e"}', [['s', '"s"', '"a}b]c,d\\"e"']]],
    ['{"\\u00e9\\"k": {"x": [1, {"y": "}"}], "z": {}}}', [['é"k', '"\\u00e9\\"k"', '{"x": [1, {"y": "}"}], "z": {}}']]],
    ['{"back\\\\": "slash\\\\"}', [['back\\', '"back\\\\"', '"slash\\\\"']]],
    [
      '{"arr":[ ],"o":{ }}',
      [
        ['arr', '"arr"', '[ ]'],
        ['o', '"o"', '{ }'],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(splitTopLevelObject(text).map((m) => [m.key, m.rawKey, m.rawValue])).toEqual(expected);
  });

  test('joining the members gives JSON with the same values', () => {
    const text = '{\n"arn:aws:iam::1:role/x" :{"a" : 1.50, "u": "\\u00e9"},"n":  [1,2]\n}';
    const joined = joinTopLevelObject(splitTopLevelObject(text));
    expect(JSON.parse(joined)).toEqual(JSON.parse(text));
    expect(joined).toContain('{"a" : 1.50, "u": "\\u00e9"}');
    expect(joinTopLevelObject([])).toBe('{}\n');
  });

  test('duplicate keys are kept as separate members (JSON.parse would keep only the last)', () => {
    expect(splitTopLevelObject('{"a":1,"a":2}').map((m) => m.rawValue)).toEqual(['1', '2']);
  });
});
