#!/usr/bin/env bash
# Install everything (CPU torch pinned, the package with its test extras, OmegaT for the TMX check,
# Chromium + chromedriver + selenium for the report's browser test)
# into .venv and run the whole test suite. README command two; .ci/run runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
if { ! command -v omegat >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; } \
    && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq omegat chromium chromium-driver >/dev/null) \
    || echo "note: OmegaT/Chromium could not be installed; the OmegaT and browser tests will be skipped"
fi
python3 -m venv .venv
.venv/bin/pip install -q torch==2.13.0 -e '.[test]'
.venv/bin/python -m pytest "$@"
