import type { CommandModule, OptionSpec } from './invocation';

export function commandHelp(program: string, command: CommandModule): string {
  const lines = [`Usage: ${program} ${command.name} [options]`, '', command.summary, '', 'Options:'];
  const helpOption: OptionSpec = { type: 'boolean', description: 'Show this help' };
  const specs = Object.entries({ ...command.options, help: helpOption });
  const width = Math.max(...specs.map(([name, spec]) => optionLabel(name, spec.type, spec.value).length)) + 2;
  for (const [name, spec] of specs) {
    lines.push(`  ${optionLabel(name, spec.type, spec.value).padEnd(width)}${spec.description}`);
  }
  if (command.details) lines.push('', command.details.trim());
  return `${lines.join('\n')}\n`;
}

function optionLabel(name: string, type: string, value?: string): string {
  return type === 'string' ? `--${name} ${value ?? 'VALUE'}` : `--${name}`;
}

export function programHelp(program: string, commands: CommandModule[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    `Usage: ${program} <command> [options]`,
    '',
    'Resolves, caches and refreshes AWS credentials for Amplify projects deployed through IAM roles (with MFA and external ids).',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run "${program} <command> --help" for a command's options.`,
  ];
  return `${lines.join('\n')}\n`;
}
