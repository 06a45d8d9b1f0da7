#!/usr/bin/env bash
# aiscan action, step 2: scan, optionally gate on findings new against the base branch, write outputs, summary and
# annotations. Inputs arrive ONLY as environment variables (INPUT_*), never interpolated into this script. This step
# itself exits 0 whatever the verdict so the SARIF upload still runs; the gate step applies the exit code.
set -uo pipefail
set -f  # no globbing of input values

aiscan="${AISCAN_BIN:-aiscan}"
python="${AISCAN_PYTHON:-python3}"
out_dir="${INPUT_OUTPUT_DIR:-aiscan-report}"
mkdir -p -- "$out_dir"

json="$out_dir/aiscan.json"
args=(scan "${INPUT_PATH:-.}" -o "$json")
declare -A paths=([json]="$json")

IFS=$', \n' read -r -d '' -a formats <<<"${INPUT_FORMATS:-}" || true
for fmt in "${formats[@]}"; do
  case "$fmt" in
    json) ;;
    sarif) paths[sarif]="$out_dir/aiscan.sarif" ;;
    markdown | md) paths[markdown]="$out_dir/aiscan.md" ;;
    html) paths[html]="$out_dir/aiscan.html" ;;
    cyclonedx | cdx) paths[cyclonedx]="$out_dir/aiscan.cdx.json" ;;
    text | txt) paths[text]="$out_dir/aiscan.txt" ;;
    *)
      echo "::error title=aiscan::unknown format in 'formats': ${fmt//[$'\r\n%']/?} (known: json, sarif, markdown, html, cyclonedx, text)"
      echo "exit-code=2" >>"$GITHUB_OUTPUT"
      echo "verdict=error" >>"$GITHUB_OUTPUT"
      exit 0
      ;;
  esac
done
for name in sarif markdown html cyclonedx text; do
  if [[ -n "${paths[$name]:-}" ]]; then args+=(-o "${paths[$name]}"); fi
done

IFS=$',\n' read -r -d '' -a policies <<<"${INPUT_POLICY:-}" || true
for policy in "${policies[@]}"; do
  policy="${policy#"${policy%%[![:space:]]*}"}"; policy="${policy%"${policy##*[![:space:]]}"}"
  if [[ -n "$policy" ]]; then args+=(--policy "$policy"); fi
done
if [[ -n "${INPUT_CONFIG:-}" ]]; then args+=(--config "$INPUT_CONFIG"); fi
if [[ -n "${INPUT_FAIL_ON:-}" ]]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [[ -n "${INPUT_BASELINE:-}" ]]; then args+=(--baseline "$INPUT_BASELINE"); fi
if [[ "${INPUT_OFFLINE:-false}" == "true" ]]; then args+=(--offline); fi

if [[ -n "${INPUT_HF_TOKEN:-}" ]]; then
  echo "::add-mask::$INPUT_HF_TOKEN"
  export HF_TOKEN="$INPUT_HF_TOKEN"
fi

"$aiscan" "${args[@]}"
scan_code=$?

diff_args=()
if [[ -n "${INPUT_BASE_REPORT:-}" && $scan_code -ne 2 ]]; then
  paths[diff]="$out_dir/aiscan-diff.md"
  diff_json="$out_dir/aiscan-diff.json"
  gate=()
  if [[ -n "${INPUT_FAIL_ON:-}" ]]; then gate=(--fail-on-new "$INPUT_FAIL_ON"); fi
  "$aiscan" diff "$INPUT_BASE_REPORT" "$json" --format markdown -o "${paths[diff]}" -q "${gate[@]}"
  diff_code=$?
  if [[ $diff_code -ne 2 ]]; then "$aiscan" diff "$INPUT_BASE_REPORT" "$json" --format json -o "$diff_json" -q "${gate[@]}"; fi
  diff_args=(--diff-json "$diff_json" --diff-markdown "${paths[diff]}" --diff-exit-code "$diff_code")
fi

report_args=()
for name in "${!paths[@]}"; do report_args+=(--report "$name=${paths[$name]}"); done
"$python" -m scanner.ci.github --exit-code "$scan_code" --scanned-path "${INPUT_PATH:-.}" "${report_args[@]}" "${diff_args[@]}"
