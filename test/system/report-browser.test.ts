// The report page in a real headless browser (Debian's chromium, driven by
// playwright-core; never a downloaded browser): every heatmap image loads,
// nothing is logged to the console as an error, and a screenshot is written
// to test/artifacts/. Skipped only outside CI when chromium is not installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { compareModels, writeReport } from '../../lib/index.js';
import { ROOT } from '../support/built.js';
import { multiply, randomMatrix, type Dense } from '../support/random.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const required = process.env.CI === 'true';

describe.skipIf(CHROMIUM === undefined && !required)('report.html in headless chromium', () => {
  it('loads every heatmap with no console errors', async () => {
    expect(CHROMIUM, 'CI installs Debian chromium (.ci/run)').toBeDefined();
    const inputs = randomMatrix(150, 8, 1);
    const layers = (seed: number) =>
      new Map<string, Dense>(
        [6, 5, 4].map((w, l) => [`layer${l + 1}`, multiply(inputs, randomMatrix(8, w, seed * 10 + l))]),
      );
    const result = await compareModels(layers(1), layers(2), {
      metrics: ['linear-cka', 'kernel-cka', 'svcca', 'procrustes', 'entropy-similarity'],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repsim-browser-'));
    await writeReport(result, dir, { title: 'browser test' });

    const browser = await chromium.launch({
      executablePath: CHROMIUM as string,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' });
      // The test's tsconfig has no DOM types: describe the few fields read.
      interface ImageState {
        complete: boolean;
        naturalWidth: number;
        alt: string;
      }
      const images: ImageState[] = await page.$$eval('img', (list) =>
        list.map((element) => {
          const img = element as unknown as ImageState;
          return { complete: img.complete, naturalWidth: img.naturalWidth, alt: img.alt };
        }),
      );
      expect(images).toHaveLength(5);
      for (const image of images) {
        expect(image.complete, image.alt).toBe(true);
        expect(image.naturalWidth, image.alt).toBeGreaterThan(100);
      }
      expect(errors).toEqual([]);
      const artifacts = path.join(ROOT, 'test', 'artifacts');
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'report.png'), fullPage: true });
      expect(fs.statSync(path.join(artifacts, 'report.png')).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
