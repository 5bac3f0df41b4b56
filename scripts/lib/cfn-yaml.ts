/**
 * CloudFormation YAML: the short-form intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`, `!If`,
 * ...) read as their JSON form (`{"Ref": ...}`), and the checks CloudFormation makes of a
 * template before it creates anything: every `Ref`, `GetAtt` and `${...}` names a parameter,
 * a resource or a pseudo parameter, and every condition used is defined.
 */
import yaml from 'js-yaml';

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or'];
const kinds = ['scalar', 'sequence', 'mapping'] as const;

function tag(name: string, key: string, kind: (typeof kinds)[number]) {
  return new yaml.Type(`!${name}`, {
    kind,
    construct: (data: unknown) => {
      // `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`.
      if (name === 'GetAtt' && typeof data === 'string') return { [key]: data.split('.', 2) };
      return { [key]: data };
    },
  });
}

const types = [
  ...kinds.map((k) => tag('Ref', 'Ref', k)),
  ...kinds.map((k) => tag('Condition', 'Condition', k)),
  ...kinds.map((k) => tag('GetAtt', 'Fn::GetAtt', k)),
  ...FUNCTIONS.flatMap((f) => kinds.map((k) => tag(f, `Fn::${f}`, k))),
];

export const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(types);

/** A CloudFormation YAML template as its JSON value. */
export function parseCfnYaml(text: string): Record<string, any> {
  return yaml.load(text, { schema: CFN_SCHEMA }) as Record<string, any>;
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** What CloudFormation would refuse in a template's references; empty when none. */
export function templateProblems(t: Record<string, any>): string[] {
  const names = new Set([...Object.keys(t.Parameters ?? {}), ...Object.keys(t.Resources ?? {}), ...PSEUDO]);
  const conditions = new Set(Object.keys(t.Conditions ?? {}));
  const problems: string[] = [];
  const visit = (v: unknown, where: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${where}[${i}]`));
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string' && !names.has(x)) problems.push(`${where}: Ref to unknown ${x}`);
      if (k === 'Fn::GetAtt' && Array.isArray(x) && !(t.Resources ?? {})[x[0]]) problems.push(`${where}: GetAtt of unknown resource ${x[0]}`);
      if (k === 'Fn::Sub' && typeof x === 'string') {
        for (const m of x.matchAll(/\$\{([^}!]+)\}/g)) if (!names.has(m[1]!.split('.')[0]!)) problems.push(`${where}: Sub of unknown ${m[1]}`);
      }
      if ((k === 'Condition' && typeof x === 'string') || (k === 'Fn::If' && Array.isArray(x))) {
        const c = k === 'Condition' ? (x as string) : (x as string[])[0]!;
        if (!conditions.has(c)) problems.push(`${where}: unknown condition ${c}`);
      }
      visit(x, `${where}.${k}`);
    }
  };
  visit(t.Resources, 'Resources');
  visit(t.Outputs, 'Outputs');
  visit(t.Conditions, 'Conditions');
  return problems;
}
