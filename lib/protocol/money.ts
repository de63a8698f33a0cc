/**
 * An amount as people read it ("$1,234.50"). Formatters are made once per currency and kept: constructing
 * an Intl.NumberFormat costs far more than formatting with one (it was 3–4% of an order's CPU when the
 * planner built one for every customer message it considered).
 */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency = 'USD'): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(cents / 100);
}
