/** Drift: Terraform state / plan JSON vs the code. Pure (no Node APIs): callers read the files. */
export { baseAddress, formatKey } from './address';
export { parseTerraformStateText, readTerraformState, SENSITIVE, type ReadResult, type StateChange, type StateInstance, type StateSource, type TerraformState } from './state';
export { compareDrift, DRIFT_KINDS, show, summarizeDrift, type DriftEntry, type DriftKind, type DriftOptions, type DriftSummary } from './compare';
