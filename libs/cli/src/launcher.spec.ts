import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..', '..');

/**
 * bin/kerma.js and tools/write-cli-sources.js on a checkout of their own: a library source, its compiled twin and
 * a CLI entry in both forms, each saying which one ran. The real launcher decides; swc compiles the source form.
 */
describe('bin/kerma.js: the build when it is current, the sources otherwise', () => {
  let root: string;
  const kerma = (env: NodeJS.ProcessEnv = {}) =>
    execFileSync(process.execPath, [join(root, 'bin', 'kerma.js'), 'x'], {
      encoding: 'utf8',
      env: { ...process.env, KERMA_CLI_FROM_SOURCE: '', ...env },
    }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = () => execFileSync(process.execPath, [join(root, 'tools', 'write-cli-sources.js')]);
  const age = (path: string, secondsAgo: number) => {
    const at = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, path), at, at);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kerma-launcher-'));
    for (const file of ['bin/kerma.js', 'tools/write-cli-sources.js']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      copyFileSync(join(REPO, file), join(root, file));
    }
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs' } }));
    write('libs/cli/src/main.ts', "export async function main(): Promise<void> {\n  process.stdout.write('source\\n');\n}\n");
    write('dist/libs/cli/src/main.js', "exports.main = async () => process.stdout.write('compiled\\n');\n");
    write('libs/rdsr/src/reader.ts', 'export const x = 1;\n');
    write('dist/libs/rdsr/src/reader.js', 'exports.x = 1;\n');
    for (const path of ['libs/cli/src/main.ts', 'libs/cli/src', 'libs/rdsr/src/reader.ts', 'libs/rdsr/src']) age(path, 60);
    build();
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the compiled CLI when no listed source or directory changed since the build', () => {
    expect(kerma()).toBe('compiled');
    expect(kerma({ KERMA_CLI_FROM_SOURCE: '1' })).toBe('source');
  });

  it('runs the sources once a library source is edited in place, and the build again after the next one', () => {
    writeFileSync(join(root, 'libs/rdsr/src/reader.ts'), 'export const x = 2;\n');
    age('libs/rdsr/src', 60); // an in-place save leaves the directory's time alone
    expect(kerma()).toBe('source');
    build();
    expect(kerma()).toBe('compiled');
  });

  it('runs the sources when a source is added or removed (the directory changed), or without a build listing', () => {
    write('libs/rdsr/src/new-reader.ts', 'export const y = 1;\n');
    expect(kerma()).toBe('source');
    build();
    rmSync(join(root, 'libs/rdsr/src/new-reader.ts'));
    expect(kerma()).toBe('source');
    build();
    rmSync(join(root, 'dist/.cli-sources.json'));
    expect(kerma()).toBe('source');
  });

  it('trusts the build where no sources are shipped (an image)', () => {
    rmSync(join(root, 'libs'), { recursive: true });
    expect(kerma()).toBe('compiled');
  });
});
