/**
 * Splits a JSON object's text into its top-level members, keeping each key's and value's exact source text.
 * The cache file is shared with the Amplify CLI's own provider: members we do not own are written back
 * byte for byte, never re-serialised. Call only on text that JSON.parse accepted.
 */
export interface RawMember {
  key: string;
  rawKey: string;
  rawValue: string;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function endOfString(text: string, i: number): number {
  // text[i] is the opening quote; returns the index after the closing quote.
  for (i++; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new Error('unterminated string');
}

function endOfValue(text: string, i: number): number {
  if (text[i] === '"') return endOfString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') i = endOfString(text, i) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new Error('unbalanced value');
  }
  while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  return i;
}

export function splitTopLevelObject(text: string): RawMember[] {
  const members: RawMember[] = [];
  let i = skipWhitespace(text, 0);
  if (text[i] !== '{') throw new Error('not an object');
  i = skipWhitespace(text, i + 1);
  if (text[i] === '}') return members;
  for (;;) {
    const keyEnd = endOfString(text, i);
    const rawKey = text.slice(i, keyEnd);
    i = skipWhitespace(text, keyEnd);
    i = skipWhitespace(text, i + 1); // ':'
    const valueEnd = endOfValue(text, i);
    members.push({ key: JSON.parse(rawKey) as string, rawKey, rawValue: text.slice(i, valueEnd) });
    i = skipWhitespace(text, valueEnd);
    if (text[i] === '}') return members;
    i = skipWhitespace(text, i + 1); // ','
  }
}

export function joinTopLevelObject(members: Array<Pick<RawMember, 'rawKey' | 'rawValue'>>): string {
  if (members.length === 0) return '{}\n';
  return `{\n${members.map((m) => `  ${m.rawKey}: ${m.rawValue}`).join(',\n')}\n}\n`;
}
