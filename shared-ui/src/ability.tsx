import { createMongoAbility, type MongoAbility } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import { AbilityProvider, Can as CaslCan, useAbility as useCaslAbility } from '@casl/react';
import type { ReactNode } from 'react';

export type AppAbility = MongoAbility<[string, string]>;

/** The user's rights, from the packed CASL rules of /api/me (the same rules the backend checks). */
export function buildAbility(packed: unknown[] | undefined): AppAbility {
  return createMongoAbility(unpackRules((packed ?? []) as PackRule<any>[]) as any) as AppAbility;
}

export function AbilityContextProvider({ ability, children }: { ability: AppAbility; children: ReactNode }) {
  return <AbilityProvider value={ability}>{children}</AbilityProvider>;
}

export const useAbility = (): AppAbility => useCaslAbility<AppAbility>();

/** `<Can I="create" a="User">…</Can>`: shows its children only when the role allows it. */
export const Can = CaslCan as any as (props: { I: string; a?: string; an?: string; this?: any; field?: string; not?: boolean; passThrough?: boolean; children: ReactNode }) => ReactNode;
