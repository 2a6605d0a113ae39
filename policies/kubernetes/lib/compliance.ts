/**
 * Compliance mappings shared by the Kubernetes workload policies, so the same control is always
 * spelled the same way in reports. CIS numbers are from the CIS Kubernetes Benchmark v1.8
 * (section 5.2, "Pod Security Standards").
 */
import type { ComplianceMapping } from '../../../server/src/engine/core/policy';

export const CIS_K8S = 'CIS Kubernetes 1.8';
export const NSA_K8S = 'NSA Kubernetes Hardening';

export const NIST_LEAST_PRIVILEGE: ComplianceMapping = { framework: 'NIST 800-53', control: 'AC-6' };
export const NIST_LEAST_FUNCTIONALITY: ComplianceMapping = { framework: 'NIST 800-53', control: 'CM-7' };
export const SOC2_LOGICAL_ACCESS: ComplianceMapping = { framework: 'SOC 2', control: 'CC6.1' };
export const SOC2_MALICIOUS_SOFTWARE: ComplianceMapping = { framework: 'SOC 2', control: 'CC6.8' };
export const PCI_SECURE_CONFIG: ComplianceMapping = { framework: 'PCI DSS 4.0', control: '2.2.1' };
export const PCI_LEAST_PRIVILEGE: ComplianceMapping = { framework: 'PCI DSS 4.0', control: '7.2.1' };
