import { expect } from 'vitest';
import { accessibilityProblems, screenshot, type newPage } from '../../../shell/test/support/web';

type Page = Awaited<ReturnType<typeof newPage>>;

/** At 1280 px in the dark theme and at 375 px in the light one: no sideways scroll, nothing serious for axe. */
export async function checkScreens(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const [width, mode] of [[1280, 'dark'], [375, 'light']] as const) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 860 });
    await page.evaluate((m) => localStorage.setItem('wc.themeMode', m), mode);
    await page.reload();
    await ready();
    await screenshot(page, `accounting-${name}-${width}-${mode}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    expect(await accessibilityProblems(page), `${name}, ${width} px, ${mode}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => localStorage.setItem('wc.themeMode', 'light'));
}
