#!/usr/bin/env bash
# Regenerates the generated code (`npm run generate`) and fails when it differs from what is
# committed: a hand edit of a generated file, or a generator or its input changed without
# regenerating. Run from anywhere; works on the repository this script is in.
set -euo pipefail
cd "$(dirname "$0")/.."
GENERATED=(policy-pack/lib/iam/catalogue/generated)
# From an empty folder, so that a committed file no generator writes any more shows as deleted.
rm -rf -- "${GENERATED[@]}"
npm run --silent generate
untracked=$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")
if ! git diff --exit-code --stat -- "${GENERATED[@]}" || [ -n "$untracked" ]; then
  [ -z "$untracked" ] || printf '%s (not committed)\n' $untracked
  echo "check-generated: generated code differs from what its generator writes: npm run generate, commit" >&2
  exit 1
fi
echo "check-generated: ${GENERATED[*]} up to date"
