import { setTenantTimeZone } from '../engine/values';
import { baseApi } from './baseApi';

export interface ModuleRemote {
  name: string;
  entry: string;
  exposedModule: string;
  version: string;
}
/** A home card a module declares (defineModule `widgets`): its UI exports the component under `code`. */
export interface MeWidget {
  code: string;
  title: string;
  titleEn: string;
  /** Shown to people who may read this subject. */
  subject?: string;
}
export interface MeModule {
  code: string;
  title: string;
  titleEn: string;
  remote: ModuleRemote | null;
  /** The company removed the module and keeps its data: pages open, changes refused. */
  readOnly?: boolean;
  widgets?: MeWidget[];
}
export interface Me {
  user: { id: string; email: string; fullName: string };
  isOwner: boolean;
  /** `timeZone`: the company's IANA time zone, whose calendar day is «today» for its documents and reports. */
  tenant: { id: string; name: string; status: string; timeZone?: string } | null;
  roles: { id: string; code: string; name: string }[];
  rules: unknown[];
  modules: MeModule[];
}

export const meApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    me: b.query<Me, void>({
      query: () => '/api/me',
      providesTags: ['Me'],
      // todayIso() (default dates of documents and reports) counts days in the company's time zone.
      transformResponse: (me: Me) => {
        setTenantTimeZone(me.tenant?.timeZone);
        return me;
      },
    }),
  }),
});
export const { useMeQuery } = meApi;
