/** What a role can be allowed to do. `manage` means every action. */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'post', 'manage'] as const;
export type Action = (typeof ACTIONS)[number];

export const actionTitles: Record<Action, { ru: string; en: string }> = {
  read: { ru: 'просмотр', en: 'read' },
  create: { ru: 'создание', en: 'create' },
  update: { ru: 'изменение', en: 'update' },
  delete: { ru: 'удаление', en: 'delete' },
  post: { ru: 'проведение', en: 'post' },
  manage: { ru: 'все действия', en: 'all actions' },
};

/** The default roles every tenant starts with (their rules are derived, see default-roles.ts). */
export const DEFAULT_ROLE_CODES = ['admin', 'accountant', 'storekeeper', 'sales_manager', 'viewer'] as const;
export type DefaultRoleCode = (typeof DEFAULT_ROLE_CODES)[number];

/**
 * A kind of thing permissions are given on (CASL "subject"): a platform object such as User, or a
 * declared catalog/document such as `trade.Product`. Each belongs to the module that sells it.
 */
export interface SubjectInfo {
  subject: string;
  title: string;
  titleEn: string;
  module: string;
  actions: Action[];
  /** Fields a role's conditions and field lists may name (they become SQL columns in list filters). */
  fields: string[];
  /** What each default role may do here; absent roles get nothing (admin always gets manage). */
  defaultAccess?: Partial<Record<DefaultRoleCode, readonly Action[]>>;
}

/** Subjects of the platform itself: the company admin's pages. */
export const platformSubjects: SubjectInfo[] = [
  {
    subject: 'User',
    title: 'Пользователи',
    titleEn: 'Users',
    module: 'admin',
    actions: ['read', 'create', 'update', 'delete'],
    fields: ['id', 'email', 'full_name', 'status'],
  },
  {
    subject: 'Role',
    title: 'Роли',
    titleEn: 'Roles',
    module: 'admin',
    actions: ['read', 'create', 'update', 'delete'],
    fields: ['id', 'code', 'name', 'is_system'],
  },
  {
    subject: 'AuditLog',
    title: 'Журнал изменений',
    titleEn: 'Audit log',
    module: 'admin',
    actions: ['read'],
    fields: ['id', 'user_id', 'entity', 'action'],
    defaultAccess: { accountant: ['read'] },
  },
  {
    subject: 'CustomField',
    title: 'Дополнительные поля',
    titleEn: 'Custom fields',
    module: 'admin',
    actions: ['read', 'create', 'delete'],
    fields: ['id', 'target', 'code'],
    defaultAccess: { accountant: ['read'], storekeeper: ['read'], sales_manager: ['read'], viewer: ['read'] },
  },
  {
    subject: 'PeriodLock',
    title: 'Закрытие периода',
    titleEn: 'Period closing',
    module: 'admin',
    actions: ['read', 'update'],
    fields: ['closed_through'],
    defaultAccess: { accountant: ['read', 'update'], viewer: ['read'] },
  },
  {
    subject: 'Subscription',
    title: 'Подключённые модули',
    titleEn: 'Modules',
    module: 'admin',
    actions: ['read', 'update'],
    fields: ['module_code'],
    defaultAccess: { accountant: ['read'], viewer: ['read'] },
  },
  {
    // Personal data of people (passport, СНИЛС…, fields declared `personal`): without `read` they are shown masked.
    subject: 'PersonalData',
    title: 'Персональные данные',
    titleEn: 'Personal data',
    module: 'admin',
    actions: ['read'],
    fields: [],
  },
  {
    // The company's own settings (its time zone). Reading needs no right: every member sees them in /api/me.
    subject: 'CompanySettings',
    title: 'Настройки компании',
    titleEn: 'Company settings',
    module: 'admin',
    actions: ['update'],
    fields: ['time_zone'],
  },
];

/** All subjects known to this backend: the platform's plus those the module declarations add. */
export class SubjectRegistry {
  private readonly bySubject = new Map<string, SubjectInfo>();

  constructor(subjects: SubjectInfo[] = platformSubjects) {
    for (const s of subjects) this.add(s);
  }

  add(info: SubjectInfo): void {
    if (this.bySubject.has(info.subject)) throw new Error(`Subject ${info.subject} is declared twice`);
    this.bySubject.set(info.subject, info);
  }

  get(subject: string): SubjectInfo | undefined {
    return this.bySubject.get(subject);
  }

  all(): SubjectInfo[] {
    return [...this.bySubject.values()];
  }
}
