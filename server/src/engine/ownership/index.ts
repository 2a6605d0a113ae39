/** Ownership of findings: git blame + CODEOWNERS (pure; git is reached through GitPort). */
export * from './types';
export { parseBlame, isUncommitted, unquotePath, type BlameParse } from './blame';
export { CODEOWNERS_LOCATIONS, parseCodeowners, matchCodeowners, ownersOf, isValidOwner } from './codeowners';
export type { Codeowners, CodeownersError, CodeownersRule } from './codeowners';
export { ownerFromBlame, latestCommit, isoDate, relativeTime, shortSha, introducedBy, ownerKey, NOT_COMMITTED_EMAIL, NOT_COMMITTED_NAME } from './owner';
export { OwnershipResolver, spanOf, mergeSpans, type Located } from './resolver';
