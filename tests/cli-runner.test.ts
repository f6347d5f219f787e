/**
 * The test harness's in-process CLI (runCli): what a spawned CLI would give, and nothing of the
 * call left behind in the test's process.
 */
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runCli, tempDir } from './helpers.js';

describe('runCli (the CLI in the test process)', () => {
  it('captures stdout and the exit code, and puts env, cwd, exit code and streams back', async () => {
    const cwd = process.cwd();
    const stdout = process.stdout;
    process.exitCode = undefined;
    delete process.env.CLAIMSCAN_RUNNER_PROBE;
    const r = await runCli(['--version'], { cwd: tempDir(), env: { CLAIMSCAN_RUNNER_PROBE: '1' } });
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(process.cwd()).toBe(cwd);
    expect(process.stdout).toBe(stdout);
    expect(process.exitCode).toBeUndefined();
    expect(process.env.CLAIMSCAN_RUNNER_PROBE).toBeUndefined();
  });

  it('gives a usage error its exit code and message, as the binary does', async () => {
    const r = await runCli(['scan', '--fail-on', 'extreme', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-on takes one of low, medium, high/);
    expect(process.exitCode).toBeUndefined();
  });

  it('feeds stdin from input', async () => {
    const r = await runCli(['scan', '-', '--format', 'json', '--quiet', '--no-history'], { input: '<html lang="en"><body><p>Our mesotherapy is clinically proven.</p></body></html>' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { category: string }) => f.category)).toContain('efficacy.proven');
  });

  it('refuses a second call while one runs', async () => {
    const first = runCli(['--version']);
    await expect(runCli(['--version'])).rejects.toThrow(/one call at a time/);
    expect((await first).code).toBe(0);
  });
});
