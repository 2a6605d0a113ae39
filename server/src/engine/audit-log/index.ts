/** The tamper-evident audit log (pure parts: entries, canonical JSON, chain, events). */
export * from './entry';
export { chainEntries, splitLog, lastLineOf, parseEntryLine, verifyChain, describeVerify } from './chain';
export type { ChainTail, EntryContext, Sha256, VerifyOptions, VerifyResult } from './chain';
export { AuditLog, AuditLogError, MemoryAuditLogStore, tailOf } from './store';
export type { AuditLogOptions, AuditLogStore } from './store';
export { scanEvents, findPreviousScan, findingRefs, suppressionRefs, fixAppliedEvent, suppressionAddedEvent, reportGeneratedEvent } from './events';
export type { FindingRef, FixRecord, PreviousScan, ScanRecordInput, SuppressionRef } from './events';
