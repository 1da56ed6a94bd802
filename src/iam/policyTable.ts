import { formatTable } from '../output/table';
import { CATEGORY_ACTIONS, CORE_CATEGORY } from './categoryActions';
import { expandCategories } from './permissionsPolicy';

const ACTIONS_WIDTH = 72;

/** Action names joined by spaces, wrapped to lines of at most `width` characters. */
function wrap(names: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line && line.length + 1 + name.length > width) {
      lines.push(line);
      line = name;
    } else {
      line = line ? `${line} ${name}` : name;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** One row per category and service (wrapped), additions marked with "*": what `policy --format table` prints. */
export function categoryActionRows(categories: string[]): string[][] {
  const rows: string[][] = [];
  for (const category of [CORE_CATEGORY, ...expandCategories(categories)]) {
    const entry = CATEGORY_ACTIONS[category];
    const byService = new Map<string, string[]>();
    for (const action of entry.actions) {
      const [service, name] = action.split(':');
      byService.set(service, [...(byService.get(service) ?? []), name]);
    }
    let first = true;
    for (const [service, names] of byService) {
      wrap(names, ACTIONS_WIDTH).forEach((text, i) => {
        rows.push([first ? `${category}${entry.addition ? ' *' : ''}` : '', i === 0 ? service : '', text]);
        first = false;
      });
    }
  }
  return rows;
}

/** Notes under the table: why the additions are there, and which categories pull in others. */
export function categoryNotes(categories: string[]): string[] {
  const notes: string[] = [];
  for (const category of expandCategories(categories)) {
    const entry = CATEGORY_ACTIONS[category];
    if (entry.addition) notes.push(`* ${category}: not in the walkthrough's list (${entry.addition}).`);
    if (entry.requires) notes.push(`  ${category} also needs ${entry.requires.join(', ')}, which is included.`);
  }
  return notes;
}

export function categoryActionTable(categories: string[]): string {
  const notes = categoryNotes(categories);
  return (
    formatTable(['CATEGORY', 'SERVICE', 'ACTIONS'], categoryActionRows(categories)) + (notes.length > 0 ? `\n\n${notes.join('\n')}` : '')
  );
}
