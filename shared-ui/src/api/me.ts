import { baseApi } from './baseApi';

export interface ModuleRemote {
  name: string;
  entry: string;
  exposedModule: string;
  version: string;
}
export interface MeModule {
  code: string;
  title: string;
  titleEn: string;
  remote: ModuleRemote | null;
}
export interface Me {
  user: { id: string; email: string; fullName: string };
  isOwner: boolean;
  tenant: { id: string; name: string; status: string } | null;
  roles: { id: string; code: string; name: string }[];
  rules: unknown[];
  modules: MeModule[];
}

export const meApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    me: b.query<Me, void>({ query: () => '/api/me', providesTags: ['Me'] }),
  }),
});
export const { useMeQuery } = meApi;
