import type { CommandModule } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { ToolError } from '../../src/errors';
import { categoryNames } from '../../src/iam/categoryActions';
import { amplifyPermissionsPolicy } from '../../src/iam/permissionsPolicy';
import { policyJson } from '../../src/iam/policyDocument';
import { categoryActionTable } from '../../src/iam/policyTable';
import { describeSelection, selectCategories } from '../../src/iam/projectCategories';
import { write } from '../../src/output/writeLine';

const FORMATS = ['json', 'table'];

export const command: CommandModule = {
  name: 'policy',
  summary: 'Print the IAM policy the Amplify CLI needs, for all categories or those of your project',
  options: {
    categories: {
      type: 'string',
      value: 'LIST',
      description: `Core plus these categories, comma-separated: ${categoryNames().join(', ')}`,
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'json (default: the policy document) or table (actions by category and service)',
    },
    project: {
      type: 'string',
      value: 'DIR',
      description:
        'Amplify project whose amplify/backend/backend-config.json lists the categories (default: found from the working directory)',
    },
  },
  details: `Without --categories, an Amplify project's categories come from amplify/backend/backend-config.json;
outside a project the policy covers every category. analytics, notifications (Pinpoint) and interactions (Lex)
are additions to the walkthrough's action list; --format table marks them.`,
  async run(invocation) {
    const format = stringOption(invocation, 'format') ?? 'json';
    if (!FORMATS.includes(format)) {
      throw new ToolError('InvalidArguments', `--format must be json or table, not "${format}".`, { exitCode: 2 });
    }
    const selection = selectCategories({
      flag: stringOption(invocation, 'categories'),
      cwd: invocation.cwd,
      project: stringOption(invocation, 'project'),
    });
    if (selection.unknown.length > 0) {
      write(
        invocation.stderr,
        `Warning: ${selection.file} has categories this tool knows no IAM actions for (${selection.unknown.join(', ')}); the policy does not cover them.`,
      );
    }
    if (format === 'table') {
      write(invocation.stdout, `Categories: ${describeSelection(selection)}\n\n${categoryActionTable(selection.categories)}`);
    } else {
      invocation.stdout.write(policyJson(amplifyPermissionsPolicy(selection.categories)));
    }
    return 0;
  },
};
