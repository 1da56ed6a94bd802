/** Collects the benchmark's output: printed as it goes, and kept for --out (bench/RESULTS.md). */
export class Report {
  private readonly lines: string[] = [];

  line(text = ''): void {
    this.lines.push(text);
    process.stdout.write(`${text}\n`);
  }

  table(header: string[], rows: string[][]): void {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const format = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
    this.line(format(header));
    this.line(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
    for (const row of rows) this.line(format(row));
    this.line();
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export const ms = (value: number): string => value.toFixed(1);
export const ratio = (value: number): string => `${value.toFixed(2)}x`;
export const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
