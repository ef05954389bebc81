import type { Fields } from '../engine/declarations';
import { kindTitle } from '../engine/registry';
import type { WorkcloudModule } from './define-module';

/**
 * Checks the module list once at start, so a mistake stops the backend with a message that says
 * where to fix it: codes are unique, `depends` names modules that exist (no cycles), and a declaration
 * refers to another module's catalog only when its module depends on that module (the referenced
 * tables must be in every tenant that has this module).
 */
export function checkModules(modules: WorkcloudModule[]): void {
  const byCode = new Map<string, WorkcloudModule>();
  for (const m of modules) {
    const twin = byCode.get(m.code);
    if (twin) throw new Error(`Модуль «${m.code}» объявлен дважды: ${twin.file} и ${m.file}`);
    byCode.set(m.code, m);
  }
  for (const m of modules)
    for (const dep of m.depends) if (!byCode.has(dep)) throw new Error(`Модуль «${m.code}» (${m.file}): в depends указан модуль «${dep}», которого нет в backend/src/modules/index.ts`);

  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (code: string, path: string[]) => {
    if (done.has(code)) return;
    if (visiting.has(code)) throw new Error(`Модули зависят друг от друга по кругу: ${[...path, code].join(' → ')}`);
    visiting.add(code);
    for (const dep of byCode.get(code)!.depends) visit(dep, [...path, code]);
    visiting.delete(code);
    done.add(code);
  };
  modules.forEach((m) => visit(m.code, []));

  for (const m of modules)
    for (const d of m.declarations) {
      const fieldSets: Fields[] =
        d.kind === 'register' ? [d.dimensions] : d.kind === 'document' ? [d.fields, ...Object.values(d.sections ?? {}).map((s) => s.fields)] : d.kind === 'catalog' ? [d.fields] : [];
      for (const fields of fieldSets)
        for (const [name, f] of Object.entries(fields)) {
          if (f.type !== 'ref' || !f.ref?.includes('.')) continue;
          const target = f.ref.split('.')[0];
          if (target !== m.code && !m.depends.includes(target))
            throw new Error(`${d.file ?? m.file}: поле «${name}» (${kindTitle[d.kind]} «${d.code}») ссылается на «${f.ref}» другого модуля — добавьте «${target}» в depends модуля «${m.code}» (${m.file})`);
        }
    }

  for (const m of modules) checkDocumentActions(m, byCode);
}

/**
 * A module's buttons on documents (`documentActions`): the document exists in a module it depends on or works with
 * (or its own), the route is the module's own, codes are latin and unique per document.
 */
function checkDocumentActions(m: WorkcloudModule, byCode: Map<string, WorkcloudModule>) {
  const IDENT = /^[a-z][a-z0-9_]{0,40}$/;
  for (const [subject, actions] of Object.entries(m.definition.documentActions ?? {})) {
    const at = `Модуль «${m.code}» (${m.file}): documentActions «${subject}»`;
    const [module, code] = subject.split('.');
    const target = byCode.get(module)?.declarations.find((d) => d.kind === 'document' && d.code === code);
    if (!target) throw new Error(`${at}: такого документа нет — укажите «модуль.код» документа`);
    if (module !== m.code && !m.depends.includes(module) && !m.worksWith.includes(module)) throw new Error(`${at}: добавьте «${module}» в depends или worksWith модуля`);
    const codes = new Set<string>();
    for (const a of actions) {
      if (!IDENT.test(a.code) || codes.has(a.code)) throw new Error(`${at}: код «${a.code}» — строчные латинские буквы, цифры и «_», у каждой кнопки свой`);
      codes.add(a.code);
      const own = `/api/${m.code}/`;
      if (!a.route.startsWith(own) || a.route.length === own.length) throw new Error(`${at}: «${a.code}»: route «${a.route}» — не маршрут модуля; укажите свой, начиная с ${own}`);
    }
  }
}
