// test/unit/page: the built page: its JavaScript within 60 KB gzipped (measured with zlib), no third-party URL in
// any file it serves, no inline script, the client id written into its meta tag; and the fixed lists it offers
// are the API's.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../../../shared/http/openapi.json' with { type: 'json' };
import { buildPage, type BuiltPage } from '../../../shared/page/build.js';
import { INTERESTS, PREFERENCES } from '../../../shared/page/src/lists.js';

/** The most JavaScript the page may ship, gzipped. */
const MAX_GZIPPED_JS_BYTES = 60 * 1024;

describe('Function: buildPage', () => {
  let dir: string;
  let built: BuiltPage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-page-'));
    built = await buildPage({ outDir: join(dir, 'page'), clientId: 'web-page' });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ships at most 60 KB of JavaScript, gzipped', async () => {
    // Act
    const gzipped = gzipSync(await readFile(join(built.outDir, 'app.js')), { level: 9 }).length;

    // Assess
    expect(gzipped).toBeGreaterThan(1000);
    expect(gzipped).toBeLessThanOrEqual(MAX_GZIPPED_JS_BYTES);
  });

  it('loads nothing from another origin and runs no inline script', async () => {
    // Prepare
    const html = await readFile(join(built.outDir, 'index.html'), 'utf8');
    const css = await readFile(join(built.outDir, 'app.css'), 'utf8');
    const js = await readFile(join(built.outDir, 'app.js'), 'utf8');

    // Assess
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((tag) => tag[0])).toEqual([
      '<script type="module" src="/app.js">',
    ]);
    expect(html).not.toMatch(/\son[a-z]+=/);
    for (const text of [html, css]) expect(text).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(css).not.toMatch(/@import|url\(/);
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('writes the client id it signs in as into the page', async () => {
    // Act
    const html = await readFile(join(built.outDir, 'index.html'), 'utf8');

    // Assess
    expect(html).toContain('<meta name="signet-client-id" content="web-page" />');
    expect(built.files).toEqual(['index.html', 'app.js', 'app.css', 'favicon.svg']);
  });

  it('refuses a client id that is not one', async () => {
    // Act
    const building = buildPage({ outDir: join(dir, 'bad'), clientId: '"><script>' });

    // Assess
    await expect(building).rejects.toThrow(/is not a client id/);
  });
});

describe('Module: shared/page/src/lists.ts', () => {
  it('offers the interests and preferences the API takes, all of them', () => {
    // Prepare
    const patch = document.components.schemas.ProfilePatchRequest.properties;

    // Act
    const preferences = Object.keys(patch.preferences.properties);
    const interests = patch.interests.items.enum;

    // Assess
    expect([...PREFERENCES].sort()).toEqual(preferences.sort());
    expect([...INTERESTS]).toEqual(interests);
  });
});
