import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROFILES } from '@kerma/dosimetry';
import { ConfigError } from '@kerma/platform';
import { profilesFromEnv, skinDoseConfigFromEnv } from './config';

const dir = mkdtempSync(join(tmpdir(), 'kerma-profiles-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('skin-dose configuration', () => {
  it("loads a physicist's profile file", () => {
    const custom = { ...DEFAULT_PROFILES[0], id: 'site-a-room-3', version: '2.1.0' };
    expect(profilesFromEnv({ KERMA_PROFILES_FILE: file('ok.json', [custom]) }).map((p) => p.id)).toEqual(['site-a-room-3']);
  });

  it('rejects an impossible profile, naming the variable and the profile', () => {
    const impossible = { ...DEFAULT_PROFILES[0], id: 'broken' } as Record<string, unknown>;
    for (const key of Object.keys(impossible)) if (typeof impossible[key] === 'number') impossible[key] = -1;
    impossible.version = '';
    expect(() => profilesFromEnv({ KERMA_PROFILES_FILE: file('bad.json', impossible) })).toThrow(ConfigError);
    expect(() => profilesFromEnv({ KERMA_PROFILES_FILE: file('bad.json', impossible) })).toThrow(/KERMA_PROFILES_FILE: profile #1/);
  });

  it('rejects a file that is not JSON', () => {
    expect(() => profilesFromEnv({ KERMA_PROFILES_FILE: file('x.json', '{nope') })).toThrow(/KERMA_PROFILES_FILE: cannot read/);
  });

  it('requires PUBLIC_BASE_URL and a PostgreSQL DATABASE_URL when deployed', () => {
    expect(() => skinDoseConfigFromEnv({ DATABASE_URL: 'sqlite:x' })).toThrow(/DATABASE_URL[\s\S]*PUBLIC_BASE_URL|PUBLIC_BASE_URL[\s\S]*DATABASE_URL/);
    expect(
      skinDoseConfigFromEnv({ DATABASE_URL: 'postgres://p@h/db', PUBLIC_BASE_URL: 'http://skin-dose:3003', KERMA_PHANTOM: 'cylinder' }).options.engine.phantom,
    ).toBe('cylinder');
  });

  it('checks the map font at start-up: DejaVu Sans by default, KERMA_FONT_FILE named when it is not a font', () => {
    const deployed = { DATABASE_URL: 'postgres://p@h/db', PUBLIC_BASE_URL: 'http://skin-dose:3003' };
    expect(skinDoseConfigFromEnv(deployed).options.mapFontFile).toBe('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
    expect(() => skinDoseConfigFromEnv({ ...deployed, KERMA_FONT_FILE: file('font.ttf', 'not a font') })).toThrow(
      /KERMA_FONT_FILE: .*font\.ttf is not a TrueType\/OpenType font/,
    );
  });

  it('keeps sizes received before their study 30 days unless KERMA_PENDING_SIZE_DAYS says otherwise (1–365 whole days)', () => {
    const deployed = { DATABASE_URL: 'postgres://p@h/db', PUBLIC_BASE_URL: 'http://skin-dose:3003' };
    expect(skinDoseConfigFromEnv(deployed).options.pendingSizeDays).toBe(30);
    expect(skinDoseConfigFromEnv({ ...deployed, KERMA_PENDING_SIZE_DAYS: '7' }).options.pendingSizeDays).toBe(7);
    for (const bad of ['0', '1.5', '400', 'week'])
      expect(() => skinDoseConfigFromEnv({ ...deployed, KERMA_PENDING_SIZE_DAYS: bad })).toThrow(/KERMA_PENDING_SIZE_DAYS/);
  });
});
