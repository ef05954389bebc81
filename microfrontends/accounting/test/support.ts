import { checkScreens as checkScreensShared, type newPage } from '../../../shell/test/support/web';

type Page = Awaited<ReturnType<typeof newPage>>;

/** The shared screen check (1280 px dark, 375 px light, axe), screenshots named `accounting-<name>-…`. */
export const checkScreens = (page: Page, name: string, ready: () => Promise<unknown>) => checkScreensShared(page, `accounting-${name}`, ready);
