/** What the trace writes by hand differs per engine; everything else goes through Prisma. */
export interface TraceEngineSql {
  /** Statements at the start of every recorder batch's transaction, before its INSERTs. */
  batchPrelude: readonly string[];
  /**
   * One search-index pass, run as one transaction: moves the watermark by at most `chunk` events;
   * the last statement changes 1 row when it moved.
   */
  searchIndexPass(chunk: number): readonly string[];
}
