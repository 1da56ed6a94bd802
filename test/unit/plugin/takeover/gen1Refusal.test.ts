import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainGen1Refusal } from '../../../../src/plugin/takeover/gen1Refusal';
import { makeSandbox, type Sandbox } from '../../../helpers/sandbox';

// The CLI 14.5 provider refuses Gen 1 for new customers in lib/gen1-new-customer-restriction.js, called through
// that module's exports. We wrap it: when it refuses, one line of ours follows the CLI's own error as the process
// ends. A provider module written here stands in for it; the wrapper is what the CLI then calls.

let sandbox: Sandbox;
beforeEach(() => (sandbox = makeSandbox()));
afterEach(() => sandbox.cleanup());

/** A provider folder whose restriction module refuses with `refusal` (or passes when undefined); returns its main file. */
function provider(name: string, restriction: string | undefined): string {
  const lib = sandbox.path(`${name}/lib`);
  fs.mkdirSync(lib, { recursive: true });
  fs.writeFileSync(path.join(lib, 'index.js'), 'module.exports = {};\n');
  if (restriction !== undefined) fs.writeFileSync(path.join(lib, 'gen1-new-customer-restriction.js'), restriction);
  return path.join(lib, 'index.js');
}

const REFUSING = `exports.calls = [];\nexports.enforceGen1NewCustomerRestriction = async (client) => { exports.calls.push(client); const e = new Error('Gen 1 is closed to new customers'); e.name = 'Gen1Refused'; throw e; };\n`;
const PASSING = `exports.calls = [];\nexports.enforceGen1NewCustomerRestriction = async (client) => { exports.calls.push(client); };\n`;

type Restriction = { calls: unknown[]; enforceGen1NewCustomerRestriction: (client: unknown) => Promise<void> };
const restrictionOf = (main: string) => require(path.join(path.dirname(main), 'gen1-new-customer-restriction.js')) as Restriction;

/** The exit listeners added while `run` runs (removed again, so the test process is left as it was). */
async function exitListenersAddedBy(run: () => Promise<unknown>): Promise<unknown[]> {
  const before = process.listeners('exit');
  try {
    await run();
  } catch {
    // the refusal goes on to the CLI; what matters here is what was queued for the exit
  }
  const added = process.listeners('exit').filter((listener) => !before.includes(listener));
  for (const listener of added) process.removeListener('exit', listener);
  return added;
}

test('a provider without the check is left alone', () => {
  expect(
    explainGen1Refusal(
      provider('old', undefined),
      () => true,
      () => undefined,
    ),
  ).toBe(false);
});

test('a module without the function (another version) is left alone', () => {
  const main = provider('odd', 'exports.somethingElse = 1;\n');
  expect(
    explainGen1Refusal(
      main,
      () => true,
      () => undefined,
    ),
  ).toBe(false);
  expect(Object.keys(restrictionOf(main))).toEqual(['somethingElse']);
});

test('a refusal that matches: the CLI still gets its error, and our line is queued for the exit', async () => {
  const main = provider('refusing', REFUSING);
  const explain = jest.fn();
  const matched: unknown[] = [];
  expect(explainGen1Refusal(main, (error) => (matched.push(error), (error as Error).name === 'Gen1Refused'), explain)).toBe(true);
  const restriction = restrictionOf(main);
  const client = { region: 'us-east-1' };
  let refusal: unknown;
  const added = await exitListenersAddedBy(async () => {
    try {
      await restriction.enforceGen1NewCustomerRestriction(client);
    } catch (error) {
      refusal = error;
      throw error;
    }
  });
  expect((refusal as Error).message).toBe('Gen 1 is closed to new customers');
  expect(matched).toEqual([refusal]);
  expect(restriction.calls).toEqual([client]);
  expect(added).toEqual([explain]);
  expect(explain).not.toHaveBeenCalled();
});

test('an error that does not match queues nothing; a pass passes', async () => {
  const refusing = provider('other-error', REFUSING);
  explainGen1Refusal(
    refusing,
    () => false,
    () => undefined,
  );
  expect(await exitListenersAddedBy(() => restrictionOf(refusing).enforceGen1NewCustomerRestriction({}))).toEqual([]);

  const passing = provider('passing', PASSING);
  explainGen1Refusal(
    passing,
    () => true,
    () => undefined,
  );
  await expect(restrictionOf(passing).enforceGen1NewCustomerRestriction('client')).resolves.toBeUndefined();
  expect(restrictionOf(passing).calls).toEqual(['client']);
});

test('wrapping twice (the plugin loaded in both registration orders) wraps once: one line, not two', async () => {
  const main = provider('twice', REFUSING);
  const explain = jest.fn();
  expect(explainGen1Refusal(main, () => true, explain)).toBe(true);
  const wrapped = restrictionOf(main).enforceGen1NewCustomerRestriction;
  expect(explainGen1Refusal(main, () => true, explain)).toBe(false);
  expect(restrictionOf(main).enforceGen1NewCustomerRestriction).toBe(wrapped);
  expect(await exitListenersAddedBy(() => restrictionOf(main).enforceGen1NewCustomerRestriction({}))).toEqual([explain]);
});
