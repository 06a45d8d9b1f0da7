#!/usr/bin/env bash
# aiscan action, step 1: install aiscan from the action's own checkout into a private venv (the job's Python
# environment is left alone). Later steps find it through AISCAN_BIN / AISCAN_PYTHON in $GITHUB_ENV.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/aiscan-venv"
python="${AISCAN_SETUP_PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "::error title=aiscan::aiscan needs Python >= 3.11 ($("$python" --version 2>&1)); add actions/setup-python before this action"
  exit 1
fi
"$python" -m venv -- "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -- "$action_path"
"$venv/bin/aiscan" --version
{
  echo "AISCAN_BIN=$venv/bin/aiscan"
  echo "AISCAN_PYTHON=$venv/bin/python"
} >>"${GITHUB_ENV:?GITHUB_ENV is not set}"
