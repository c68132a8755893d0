#!/usr/bin/env bash
# Label a dataset's pairs with a judge endpoint, then export the preference pairs and download
# them: the studio's API from a shell, with curl and jq. Needs a personal API token with the
# reviewer role or above (Settings → API tokens).
#   STUDIO=http://localhost:3000 CAI_TOKEN=cai_... DATASET_ID=1 ENDPOINT_ID=1 CONSTITUTION_VERSION_ID=1 \
#     bash examples/label-and-export.sh
set -euo pipefail
OUT="${OUT:-exported}"

api() { curl --fail-with-body --silent --show-error -H "Authorization: Bearer $CAI_TOKEN" -H "content-type: application/json" "$@"; }

# 1. a labeling run over the dataset's pairs: the paper's log-prob judgment, in both orders
run=$(api -X POST "$STUDIO/api/labels/runs" -d "{\"datasetId\": $DATASET_ID, \"endpointId\": $ENDPOINT_ID, \"constitutionVersionId\": $CONSTITUTION_VERSION_ID, \"name\": \"labels from curl\"}" | jq .runId)
echo "labeling run $run started"
until status=$(api "$STUDIO/api/runs/$run" | jq -r .status) && [[ $status =~ ^(SUCCEEDED|FAILED|CANCELLED)$ ]]; do sleep 1; done
echo "labeling run $run $status"
[[ $status == SUCCEEDED ]]

# 2. its verdicts as preference pairs (JSONL), written by a worker; then every file it wrote
export=$(api -X POST "$STUDIO/api/exports" -d "{\"name\": \"pairs of run $run\", \"layout\": \"PREFERENCE\", \"fileType\": \"JSONL\", \"definition\": {\"runIds\": [$run]}}" | jq .id)
exportRun=$(api -X POST "$STUDIO/api/exports/$export/runs" | jq .exportRunId)
until status=$(api "$STUDIO/api/export-runs/$exportRun" | jq -r .status) && [[ $status =~ ^(SUCCEEDED|FAILED|CANCELLED)$ ]]; do sleep 1; done
[[ $status == SUCCEEDED ]]
mkdir -p "$OUT"
for name in $(api "$STUDIO/api/export-runs/$exportRun" | jq -r '.manifest.files[].name'); do
  api "$STUDIO/api/export-runs/$exportRun/files/$name" --output "$OUT/$name"
  echo "downloaded $OUT/$name"
done
