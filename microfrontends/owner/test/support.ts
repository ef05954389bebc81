/** What the owner console's browser tests share: screenshots at desktop and phone width. */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screensDir } from '../../../shell/test/support/web';

export const SIZES = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'mobile', width: 375, height: 780 },
];

/**
 * The whole page at 1280 and 375 px (test-artifacts/screens/billing-<name>-<size>.png), back to desktop
 * afterwards. `ready` waits for what the picture must show (`phone`: the 375 px layout, e.g. cards).
 */
export async function shoot(page: Page, name: string, ready: (phone: boolean) => Promise<unknown>) {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await ready(size.width < 600);
    await page.waitForTimeout(400); // charts and the grid measure their width after a resize
    // Usable at 375 px: nothing makes the whole page scroll sideways (wide tables become cards).
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${size.width} px`).toBeLessThanOrEqual(size.width);
    await page.evaluate(() => window.scrollTo(0, 0)); // fixed bars are drawn where the page is scrolled to
    await page.screenshot({ path: path.join(screensDir, `billing-${name}-${size.name}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES[0]);
}
