/** Vitest globalSetup for the E2E project: one build before any test file starts. */
import { ensureBuilt } from './build';

export default function setup() {
  ensureBuilt();
}
