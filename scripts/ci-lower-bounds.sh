#!/usr/bin/env bash
# CI job "lower bounds": install every runtime dependency at the floor setup.cfg declares (>=X becomes ==X),
# the test tools at their newest compatible versions, then run README's test command. A floor that fails here is
# a floor that lies. Needs only python3 (>= 3.11) and pip; creates .ci-lower-venv (reused if present).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
venv="${AISCAN_LOWER_VENV:-.ci-lower-venv}"
constraints="$(mktemp)"
trap 'rm -f -- "$constraints"' EXIT

# install_requires of setup.cfg -> name==floor (configparser: the standard library reads setup.cfg as is).
"$python" - "$constraints" <<'PY'
import configparser, re, sys
cfg = configparser.ConfigParser()
cfg.read("setup.cfg", encoding="utf-8")
lines = [line.strip() for line in cfg["options"]["install_requires"].splitlines() if line.strip() and not line.strip().startswith("#")]
pins = []
for line in lines:
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)", line)
    floor = re.search(r">=\s*([^,;\s]+)", m.group(3)) if m else None
    if not floor:
        sys.exit(f"ci-lower-bounds: no '>=' floor in requirement {line!r}: every runtime dependency needs one")
    pins.append(f"{m.group(1)}=={floor.group(1)}")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(pins) + "\n")
print("lower bounds:", ", ".join(pins))
PY

"$python" -m venv "$venv"
# shellcheck disable=SC1091  # created just above
. "$venv/bin/activate"
python -m pip install -q --disable-pip-version-check --upgrade pip
python -m pip install -q --disable-pip-version-check -c "$constraints" ".[test]"
echo "installed:"
python -m pip list --disable-pip-version-check --format=freeze | grep -i -E '^(click|huggingface.hub|pyyaml|packaging|jinja2|markupsafe)==' | sed 's/^/  /'
# README's test command:
python -m pytest "$@"
