import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const OUTPUT_MAX = 1024 * 1024;

/**
 * Runs the user's command as written, `sh -c <command>`, in its own process group, and
 * kills the whole group when the signal fires: `curl …; sleep 5` must not outlive its
 * probeTimeout (killing `sh` alone would leave its children running).
 */
export function runShell(command: string, signal: AbortSignal): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted before start'));
      return;
    }
    const child = spawn('/bin/sh', ['-c', command], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    const kill = (): void => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is already gone
        }
      }
    };
    signal.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', kill);
      // Children that kept the pipes open after `sh` exited die with the group too.
      kill();
      if (signal.aborted) reject(new Error('command killed at probeTimeout'));
      else resolve({ code, stdout: out(), stderr: err() });
    });
  });
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size < OUTPUT_MAX) chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8').slice(0, OUTPUT_MAX);
}
