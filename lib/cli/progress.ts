/**
 * A one-line progress bar on stderr for long work, drawn only when stderr is
 * a terminal (pipes and CI logs get nothing), cleared when done.
 */
export interface Progress {
  update(done: number, total: number, step: string): void;
  done(): void;
}

/** A progress bar on `stream`, or a silent one when it is not a TTY. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const width = 24;
  return {
    update(done, total, step) {
      const filled = total > 0 ? Math.round((width * done) / total) : width;
      const columns = stream.columns || 80;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${step}`;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    },
    done() {
      stream.write(`\r${' '.repeat((stream.columns || 80) - 1)}\r`);
    },
  };
}
