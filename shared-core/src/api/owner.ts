/** POST /api/owner/tenants: a new client company, its admin and the modules it buys. */
export interface OnboardInput {
  name: string;
  inn: string;
  kpp?: string;
  adminEmail: string;
  adminPassword: string;
  adminFullName?: string;
  modules: string[];
}
