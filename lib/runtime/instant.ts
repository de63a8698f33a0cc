/**
 * The instants the app accepts from outside (fault-rule windows, history time ranges): four-digit
 * years only. A JS Date reaches year 275760, but dates are stored as ISO text and compared as text,
 * which orders correctly only for years 0000..9999; and a number past a Date's range is no date.
 */
// Date.parse, not Date.UTC: Date.UTC reads years 0..99 as 1900..1999.
export const EARLIEST_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

export const INSTANT_RANGE_MESSAGE = 'must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z';

/** A real date inside the range above (an Invalid Date is not). */
export function isAcceptedInstant(date: Date): boolean {
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}
