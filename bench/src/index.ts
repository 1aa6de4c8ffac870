/**
 * @module @strata/bench
 *
 * Strata's benchmark harness (private). The entry point is `src/cli.ts` (`pnpm bench`); these
 * exports are the reusable pieces: the lean SigV4 signer and undici client used as the load
 * generator, the statistics, and the report renderers.
 */
export { createSigner, encodeRfc3986, encodeKeyPath, canonicalQuery } from './sigv4-signer.js';
export type { Signer, SignerConfig, SignableRequest } from './sigv4-signer.js';
export { S3HttpClient, S3HttpError } from './s3-http-client.js';
export type { S3HttpClientConfig } from './s3-http-client.js';
export { createPatternStream, patternMd5, smallBody } from './pattern-stream.js';
export { startRssSampler } from './rss-sampler.js';
export type { RssSampler } from './rss-sampler.js';
export { measure, runPool, extrasOf } from './measure.js';
export type { Measured } from './measure.js';
export { summarize, quantile } from './stats.js';
export type { Summary } from './stats.js';
export { describeMachine, formatMachine } from './machine.js';
export type { MachineInfo } from './machine.js';
export { Recorder } from './recorder.js';
export type { CaseOptions } from './recorder.js';
export { renderMarkdown } from './report/markdown-table.js';
export { renderSvgChart } from './report/svg-bar-chart.js';
export { writeResults } from './report/write-results.js';
export { ratioColumns, ratioValue } from './report/ratio-columns.js';
export type { RatioColumn } from './report/ratio-columns.js';
export { collectRatios, noiseOf, RATIO_UNIT } from './check/collect-ratios.js';
export type { RatioPoint } from './check/collect-ratios.js';
export { compareScenario, RATIO_STATUSES } from './check/compare-ratios.js';
export type { RatioComparison, RatioStatus, ScenarioCheck } from './check/compare-ratios.js';
export { createCheckReport, isCheckFailed, renderCheckReport } from './check/check-report.js';
export type { CheckReport } from './check/check-report.js';
export { readBaseline, BaselineUnavailableError } from './check/read-baseline.js';
export type { Baseline } from './check/read-baseline.js';
export { writeCheck } from './check/write-check.js';
export type {
  Better,
  Cell,
  Failure,
  NoiseCheck,
  Reference,
  ResultRow,
  ScenarioResult,
  TargetStatus,
  Verdict,
} from './report/result.js';
export { runScenario } from './run-scenario.js';
export { ALL_SCENARIOS } from './scenarios/all-scenarios.js';
export type {
  Column,
  ColumnSpec,
  InProcessColumnSpec,
  RunOptions,
  Scenario,
  ScenarioContext,
} from './scenarios/scenario.js';
export {
  COLUMN_NAMES,
  IN_PROCESS_COLUMNS,
  OWN_SERVER_COLUMNS,
  TARGET_NAMES,
  TARGET_DESCRIPTIONS,
} from './targets/target.js';
export type {
  ColumnName,
  InProcessColumn,
  OwnServerColumn,
  TargetName,
  Target,
  RunningTarget,
  UnavailableTarget,
} from './targets/target.js';
export { UsageSwitch } from './inproc/usage-switch.js';
export { signRequest, signedRequestMix } from './inproc/signed-requests.js';
export type { BenchKey, RequestSpec, SignedRequest } from './inproc/signed-requests.js';
export {
  signedChunkedBody,
  unsignedTrailerBody,
  plainBody,
  feed,
} from './inproc/aws-chunked-bodies.js';
export type { ChainStart, EncodedBody } from './inproc/aws-chunked-bodies.js';
export { TargetPool } from './targets/target-pool.js';
export { summarizeProfile, printProfileSummary } from './profile-summary.js';
