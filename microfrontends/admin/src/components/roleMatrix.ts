import type { RoleRule, Subjects } from '../api/adminApi';

/** The editor's view of a role: per subject, the ticked actions and an optional conditions JSON. */
export interface Matrix {
  checked: Record<string, string[]>;
  conditions: Record<string, string>;
  /** Rules the matrix cannot show (inverted, field lists, several subjects) are kept as they are. */
  kept: RoleRule[];
}

export function rulesToMatrix(rules: RoleRule[], subjects: Subjects['subjects']): Matrix {
  const known = new Set(subjects.map((s) => s.subject));
  const m: Matrix = { checked: {}, conditions: {}, kept: [] };
  for (const r of rules) {
    if (r.inverted || r.fields?.length || typeof r.subject !== 'string' || !known.has(r.subject)) {
      m.kept.push(r);
      continue;
    }
    (m.checked[r.subject] ??= []).push(r.action);
    if (r.conditions && Object.keys(r.conditions).length && !m.conditions[r.subject]) m.conditions[r.subject] = JSON.stringify(r.conditions);
  }
  return m;
}

/** Back to CASL rules; returns the subjects whose conditions are not valid JSON objects. */
export function matrixToRules(m: Matrix): { rules: RoleRule[]; invalid: string[] } {
  const rules: RoleRule[] = [];
  const invalid: string[] = [];
  for (const [subject, actions] of Object.entries(m.checked)) {
    let conditions: Record<string, unknown> | undefined;
    const text = (m.conditions[subject] ?? '').trim();
    if (text) {
      try {
        const parsed = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
        conditions = Object.keys(parsed).length ? parsed : undefined;
      } catch {
        invalid.push(subject);
      }
    }
    for (const action of actions) rules.push(conditions ? { action, subject, conditions } : { action, subject });
  }
  return { rules: [...rules, ...m.kept], invalid };
}
