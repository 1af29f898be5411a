/**
 * A one-line progress bar on stderr for long work, drawn only when stderr is
 * a terminal (pipes and CI logs get nothing), cleared when done.
 */
export interface Progress {
  /** `fraction`: how much of the step now running is done, when known. */
  update(done: number, total: number, step: string, fraction?: number): void;
  done(): void;
}

/** A progress bar on `stream`, or a silent one when it is not a TTY. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const width = 24;
  return {
    update(done, total, step, fraction = 0) {
      const filled = total > 0 ? Math.min(width, Math.round((width * (done + fraction)) / total)) : width;
      const columns = stream.columns || 80;
      const percent = fraction > 0 ? ` ${Math.floor(100 * fraction)}%` : '';
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${step}${percent}`;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    },
    done() {
      stream.write(`\r${' '.repeat((stream.columns || 80) - 1)}\r`);
    },
  };
}
