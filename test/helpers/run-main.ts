/**
 * The `policy-drift` command in this process: `main(argv)` with stdout and stderr captured,
 * so that usage and exit-code tests need no child process (bin/policy-drift.js only hands
 * `main`'s result to process.exitCode; test/cli/cli.test.ts keeps two spawned smoke tests).
 */
import { vi } from 'vitest';
import { main } from '../../cli/main.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

/** A stand-in for `stream.write` that keeps the text and calls any completion callback. */
function into(sink: string[]): Write {
  return ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as Write;
}

/** Run the command with `args`; its exit code and everything it wrote. */
export async function runMain(...args: string[]): Promise<CommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(into(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(into(stderr));
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
