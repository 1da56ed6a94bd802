/**
 * Who may import whom (docs/architecture.md, "Floors"): `npm run depcruise`. The floors are the layout of issue 24;
 * a module may import its own folder and any folder on a lower floor, never one above it, nor another folder on its own
 * floor. Type-only imports count too (tsPreCompilationDeps): a type that reaches up ties the floors as tightly as a call.
 */
const FLOORS = [
  // What Node and the Amplify CLI load: the bins, the plugin (with the takeover) and the published in-process API.
  { name: 'entry', folders: ['src/bin/', 'src/plugin/', 'src/provider.ts'] },
  // One thin module per command, shared by the bin and the plugin.
  { name: 'commands', folders: ['commands/'] },
  // The command kit: invocation, options, help, running a command and printing its error, which profile it uses.
  { name: 'kit', folders: ['src/cli/'] },
  // The doctor looks at everything below it (the project, the vault, the cache, STS) and changes nothing.
  { name: 'doctor', folders: ['src/doctor/'] },
  // What the commands do, each on its own: the Amplify project, exec, the console, key rotation and moves.
  { name: 'features', folders: ['src/amplify/', 'src/exec/', 'src/console/', 'src/keys/'] },
  // Calls to AWS: STS and executing a plan (resolve), IAM (iam).
  { name: 'aws', folders: ['src/resolve/', 'src/iam/'] },
  // What is kept between runs: the credentials cache, the vault of source keys.
  { name: 'stores', folders: ['src/cache/', 'src/vault/'] },
  // How things are printed.
  { name: 'output', folders: ['src/output/'] },
  // profile -> plan, no I/O.
  { name: 'plan', folders: ['src/plan/'] },
  // Reading (and editing) ~/.aws/config and ~/.aws/credentials.
  { name: 'config', folders: ['src/config/'] },
  // Mechanisms: atomic writes, locks, private folders; terminal prompts.
  { name: 'mechanisms', folders: ['src/files/', 'src/prompts/'] },
  // The words every floor uses: credentials, errors, "did you mean".
  { name: 'vocabulary', folders: ['src/credentials.ts', 'src/errors.ts', 'src/suggest.ts'] },
  // The closed list of error codes (data, no imports): errors.ts types ToolError's code with it.
  { name: 'codes', folders: ['src/errorCodes.ts'] },
];

const escapeRegExp = (folder) => folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (folders) => `^(${folders.map(escapeRegExp).join('|')})`;

const upward = FLOORS.slice(1).map((floor, index) => ({
  name: `no-up-from-${floor.name}`,
  comment: `The ${floor.name} floor imports only lower floors; it never reaches up into ${FLOORS.slice(0, index + 1)
    .map((f) => f.name)
    .join(', ')}.`,
  severity: 'error',
  from: { path: anyOf(floor.folders) },
  to: { path: anyOf(FLOORS.slice(0, index + 1).flatMap((f) => f.folders)) },
}));

const sideways = FLOORS.filter((floor) => floor.folders.length > 1).flatMap((floor) =>
  floor.folders.map((folder) => ({
    name: `no-sideways-on-${floor.name}`,
    comment: `Folders on the ${floor.name} floor do not import each other: what two of them share belongs a floor lower.`,
    severity: 'error',
    from: { path: `^${escapeRegExp(folder)}` },
    to: { path: anyOf(floor.folders.filter((other) => other !== folder)) },
  })),
);

module.exports = {
  forbidden: [
    ...upward,
    ...sideways,
    {
      name: 'on-a-floor',
      comment: 'Every module of src/ and commands/ lives in a folder of FLOORS: a new folder gets a floor before it gets code.',
      severity: 'error',
      from: { path: '^(src|commands)/', pathNot: anyOf(FLOORS.flatMap((floor) => floor.folders)) },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which module owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'vault-knows-no-aws',
      comment: 'The vault is a store (aws-vault keyring): files, prompts and the vocabulary; rotation and moves live in src/keys.',
      severity: 'error',
      from: { path: '^src/vault/' },
      to: {
        path: '^(src/|@aws-sdk/|@smithy/)',
        pathNot: '^src/(vault/|files/|prompts/|errorCodes\\.ts$|errors\\.ts$|suggest\\.ts$|credentials\\.ts$)',
      },
    },
    {
      name: 'sdk-loads-lazily',
      comment:
        'A cache hit loads no @aws-sdk, @smithy, enquirer or keyring module (test/unit/bin/warmPath.test.ts): such a module is require()d inside the function that needs it, never imported at the top of a file.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: {
        path: '^(@aws-sdk|@smithy|@napi-rs/keyring|enquirer)(/|$)',
        dependencyTypes: ['import', 'import-equals', 'export'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'What ships may not need a devDependency: npm pack installs without them.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unlisted-dependency',
      comment: 'Every package imported is in package.json.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves. The one exception is the bin reading its version as ../../../package.json, a path that exists only from dist/src/<folder>/ (the package root), not from the source tree.',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { couldNotResolve: true, pathNot: '^\\.\\./\\.\\./\\.\\./package\\.json$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.tmp|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
