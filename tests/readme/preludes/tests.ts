/**
 * What the suite fragment of tests/README.md ("In a suite") takes from a suite file's imports.
 */
import { describe, it } from 'vitest';
import { createCompatRecorder } from '../../e2e/support/compat-matrix.js';
import { TRANSPORTS, useGateway } from '../../e2e/support/gateway-fixture.js';

export { createCompatRecorder, describe, it, TRANSPORTS, useGateway };
