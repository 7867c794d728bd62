/** What every benchmark hands to run.ts: its Markdown section and one phrase for the summary line. */
export interface BenchOutcome {
  title: string;
  /** Heading, table(s) and notes, ready to print. */
  markdown: string;
  summary: string;
  /** False when the benchmark ran but missed a budget or a sanity check. */
  ok: boolean;
}
