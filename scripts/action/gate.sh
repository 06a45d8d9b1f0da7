#!/usr/bin/env bash
# aiscan action, last step: fail the job with the scan's exit code (1 violations, 2 error), after the upload.
set -euo pipefail
code="${AISCAN_EXIT_CODE:-2}"
verdict="${AISCAN_VERDICT:-error}"
case "$code" in
  0) echo "aiscan: ${verdict}" ;;
  1) echo "::error title=aiscan::policy violations (verdict: ${verdict}); see the step summary and the report" ;;
  *) echo "::error title=aiscan::aiscan could not complete the scan (exit code ${code})"; code=2 ;;
esac
exit "$code"
