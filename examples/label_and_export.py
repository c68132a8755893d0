"""Label a dataset's pairs with a judge endpoint, then export the preference pairs and download
them: the studio's API from Python's standard library. Needs a personal API token with the
reviewer role or above (Settings -> API tokens).

    STUDIO=http://localhost:3000 CAI_TOKEN=cai_... DATASET_ID=1 ENDPOINT_ID=1 CONSTITUTION_VERSION_ID=1 \\
      python3 examples/label_and_export.py
"""

import json
import os
import pathlib
import time
import urllib.error
import urllib.request

STUDIO = os.environ["STUDIO"].rstrip("/")
TOKEN = os.environ["CAI_TOKEN"]
OUT = pathlib.Path(os.environ.get("OUT", "exported"))
ENDED = {"SUCCEEDED", "FAILED", "CANCELLED"}


def call(method, path, body=None):
    """One API call; the answer as bytes. An error answers {error, fields}: raised with its message."""
    request = urllib.request.Request(
        STUDIO + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: {error.code} {json.load(error).get('error')}") from None


def api(method, path, body=None):
    return json.loads(call(method, path, body))


def wait(path):
    while (state := api("GET", path))["status"] not in ENDED:
        time.sleep(1)
    if state["status"] != "SUCCEEDED":
        raise SystemExit(f"{path} ended {state['status']}")
    return state


# 1. a labeling run over the dataset's pairs: the paper's log-prob judgment, in both orders
run = api("POST", "/api/labels/runs", {
    "datasetId": int(os.environ["DATASET_ID"]),
    "endpointId": int(os.environ["ENDPOINT_ID"]),
    "constitutionVersionId": int(os.environ["CONSTITUTION_VERSION_ID"]),
    "name": "labels from Python",
})["runId"]
print(f"labeling run {run} started")
progress = wait(f"/api/runs/{run}")
print(f"labeling run {run} SUCCEEDED: {progress['done']} of {progress['total']} pairs judged")

# 2. its verdicts as preference pairs (JSONL), written by a worker; then every file it wrote
export = api("POST", "/api/exports", {"name": f"pairs of run {run}", "layout": "PREFERENCE", "fileType": "JSONL", "definition": {"runIds": [run]}})
export_run = api("POST", f"/api/exports/{export['id']}/runs")["exportRunId"]
finished = wait(f"/api/export-runs/{export_run}")
counts = finished["manifest"]["counts"]
print(f"export run {export_run}: {counts['written']} of {counts['selected']} pairs written, left out: {counts['leftOut']}")
OUT.mkdir(parents=True, exist_ok=True)
for file in finished["manifest"]["files"]:
    (OUT / file["name"]).write_bytes(call("GET", f"/api/export-runs/{export_run}/files/{file['name']}"))
    print(f"downloaded {OUT / file['name']}: {file['bytes']} bytes")
