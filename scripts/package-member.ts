/**
 * `npm run package`, second part: the member account template (stack/member-role.yml),
 * checked as CloudFormation would check its references and written as JSON beside the
 * central stack's template (`.serverless/member-role.json`), ready for a StackSet.
 * Offline: no credentials, no AWS call.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCfnYaml, templateProblems } from './lib/cfn-yaml.ts';

const ROOT = join(import.meta.dirname, '..');
const out = process.argv[2] ?? join(ROOT, '.serverless');
const template = parseCfnYaml(readFileSync(join(ROOT, 'stack', 'member-role.yml'), 'utf8'));
const problems = templateProblems(template);
if (problems.length) {
  process.stderr.write(`stack/member-role.yml is not a valid template:\n  - ${problems.join('\n  - ')}\n`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'member-role.json'), JSON.stringify(template, null, 2) + '\n');
process.stdout.write(`✔ Member template packaged: ${join(out, 'member-role.json')} (${Object.keys(template.Resources).length} resources)\n`);
