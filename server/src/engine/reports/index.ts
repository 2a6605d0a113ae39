/** Report renderers shared by the CLI and the language server. No Node APIs. */
export * from './common';
export { toJsonReport, JSON_REPORT_VERSION } from './json';
export type { JsonError, JsonFinding, JsonReport, JsonReportOptions, JsonSuppression } from './json';
export { toSarif, sarifLevel, securitySeverity, ruleName, artifactLocation, SARIF_SCHEMA_URI, SRCROOT } from './sarif';
export type { SarifLog, SarifOptions, SarifResult, SarifRule, SarifRun } from './sarif';
export { toText, summaryLine } from './text';
export type { TextReportOptions } from './text';
