/** The suppression ledger (pure): every suppression with policy, resource, reason, expiry, who/when, staleness. */
export { buildLedger, summarizeLedger, ledgerWarnings, daysBetween, DEFAULT_EXPIRING_WITHIN_DAYS } from './ledger';
export type { LedgerEntry, LedgerInput, LedgerStatus, LedgerSummary } from './ledger';
