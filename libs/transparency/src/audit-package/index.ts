export * from './package-format';
export {
  AuditPackageBuildError,
  buildAuditPackage,
  type BuildAuditPackageInput,
  type PackageTree,
} from './build-audit-package';
export { auditPackageReadme } from './package-readme';
export {
  verifyAuditPackage,
  type PackageFinding,
  type VerifyAuditPackageOptions,
  type VerifyAuditPackageResult,
} from './verify-audit-package';
export {
  hitosPackageSource,
  packageCoverage,
  publicEvidenceOfScope,
  readerLabel,
  trailScopeOf,
  type HitosPackageSourceOptions,
} from './hitos-package-source';
