#!/usr/bin/env bash
# Re-lock the Python packages: write requirements/{build,dev,zensical,tools}.txt from
# pyproject.toml and requirements/*.in, every package (transitive ones too) pinned with `==` and
# the sha256 hashes of all its files, using the uv pinned in requirements/tools.txt.
#
#   scripts/lock.sh                           keep today's pins; add or drop what the inputs changed
#   scripts/lock.sh --upgrade-package NAME    move NAME (and what it needs) to its newest allowed version
#   scripts/lock.sh --upgrade                 move everything
#
# Then scripts/setup.sh --dev reinstalls exactly the locks that changed. Needs PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
tools=.venv/lock-tools
if [[ ! -x "$tools/bin/python" ]]; then
  echo "lock: creating $tools"
  "$python" -m venv "$tools"
fi
tools_stamp="$tools/.installed-$(sha256sum requirements/tools.txt | cut -c1-16)"
if [[ ! -f "$tools_stamp" ]]; then
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/tools.txt
  rm -f "$tools"/.installed-*
  touch "$tools_stamp"
fi

# One resolution for every platform, from the oldest Python the locked packages accept
# (pymdown-extensions 13.1 needs 3.11.5); each lock is constrained by the ones before it, so the
# three install into one venv with the same version of every package they share.
compile=("$tools/bin/uv" pip compile --quiet --generate-hashes --universal --python-version 3.11.5
  --custom-compile-command scripts/lock.sh "$@")
"${compile[@]}" pyproject.toml requirements/build.in -o requirements/build.txt
"${compile[@]}" pyproject.toml --extra dev -c requirements/build.txt -o requirements/dev.txt
"${compile[@]}" pyproject.toml --extra zensical -c requirements/build.txt -c requirements/dev.txt \
  -o requirements/zensical.txt
"${compile[@]}" requirements/tools.in -o requirements/tools.txt
echo "lock: wrote requirements/{build,dev,zensical,tools}.txt"
