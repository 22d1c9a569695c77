import type { ProgressReporter } from './context.js'

/** Prints "[3/10] villages and communities … 419 (2.1 s)" step lines to the terminal. */
export function terminalProgress(write: (line: string) => void = (l) => process.stdout.write(l)): ProgressReporter {
  let started = Date.now()
  return (step, done, total, detail) => {
    if (detail === undefined) {
      started = Date.now()
      write(`  [${done + 1}/${total}] ${step} …`)
    } else {
      write(` ${Number(detail).toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
    }
  }
}
