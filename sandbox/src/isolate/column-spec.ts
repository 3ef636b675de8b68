/**
 * What crosses out of the isolate as columns: the engine's event/intent record (its layout lives with
 * the engine, record-spec.ts) and the `ctx.plot` value columns.
 */
export { EVENT_SPEC, ORDER_SPEC, X_BOOL_PRESENT, X_BOOL_TRUE, X_SIZE, recordBytes, type EncodedRecords, type FieldKind, type RecordSpec } from '@strata/engine/record-spec';

/** `ctx.plot` lines in a result: at most this many `plot.<i>` value columns (the engine's default cap). */
export const MAX_PLOTS = 16;

/** What the result JSON says of plot column `plot.<i>` (its values travel as a Float64Array). */
export interface PlotMeta { name: string; pane: 'price' | 'separate'; color?: string }
