#!/usr/bin/env bash
# Re-resolve the locked versions CI and developers install (requirements/dev.lock)
# from pyproject.toml's dependencies and its `test` extra. Run it after changing
# a dependency, and commit the lock with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q uv
python3 -m uv pip compile pyproject.toml --extra test --python-version 3.11 \
  --generate-hashes --quiet -o requirements/dev.lock
